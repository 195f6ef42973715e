"""Single-particle rings: one module per ``method=`` of
:func:`currentkit.rings.persistent_current`."""
