"""Green-Kubo transport coefficients from current time series, with cepstral error bars."""

__all__: list[str] = []
