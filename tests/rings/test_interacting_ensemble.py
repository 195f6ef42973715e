"""Interacting disorder ensembles: a frozen config, a resumable store, the older call unchanged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from currentkit.errors import ParameterError, StoreMismatchError
from currentkit.parallel import task_seed
from currentkit.rings import (
    InteractingEnsembleConfig,
    InteractingRing,
    anderson_potential,
    interacting_disorder,
    interacting_ensemble,
    persistent_current,
)
from currentkit.rings.interacting import ensemble as ensemble_module

CONFIG = InteractingEnsembleConfig(sites=6, electrons=3, interaction=1.5, disorder=1.0,
                                   realizations=3, seed=4, flux_points=3)


def test_each_realization_is_the_ground_state_current_of_its_own_potential() -> None:
    ds = interacting_ensemble(CONFIG)
    r = 2
    pot = anderson_potential(np.random.default_rng(task_seed(4, r)), 6, width=1.0)[0]
    for row, v in enumerate((0.0, 1.5)):
        alone = persistent_current(InteractingRing(6, 3, interaction=v, potential=pot),
                                   CONFIG.flux())["current"].to_numpy()
        # the same exact diagonalisation: identical numbers
        np.testing.assert_array_equal(ds["current"][row, r].to_numpy(), alone)
    assert np.abs(ds["current"]).max() > 1e-3  # not a comparison of zeros
    assert ds["flux"].attrs["flux_quantum"] > 0
    # the older call with loose parameters gives the same dataset
    old = interacting_disorder(6, 3, 1.5, 1.0, 3, seed=4, flux_points=3)
    np.testing.assert_array_equal(old["current"], ds["current"])


def test_store_resumes_without_recomputing_and_refuses_another_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = ensemble_module._realization

    def counted(task: tuple[InteractingEnsembleConfig, int]) -> dict[str, np.ndarray]:
        calls.append(task[1])
        return real(task)

    monkeypatch.setattr(ensemble_module, "_realization", counted)
    store = tmp_path / "store"
    first = interacting_ensemble(CONFIG, store=store, block=1)
    more = InteractingEnsembleConfig(**{**CONFIG.__dict__, "realizations": 5})
    grown = interacting_ensemble(more, store=store, block=1)
    assert calls == [0, 1, 2, 3, 4]  # 0, 1, 2 came from the store the second time
    # realization r depends only on (seed, r): the stored ones are reused unchanged
    np.testing.assert_array_equal(grown["current"][:, :3], first["current"])
    other = InteractingEnsembleConfig(**{**CONFIG.__dict__, "disorder": 2.0})
    with pytest.raises(StoreMismatchError):
        interacting_ensemble(other, store=store)


@pytest.mark.parametrize("field, value", [("realizations", 0), ("seed", -1), ("disorder", -1.0),
                                          ("flux_points", True), ("sites", 1)])
def test_config_refuses_bad_values(field: str, value: object) -> None:
    with pytest.raises(ParameterError):
        InteractingEnsembleConfig(**{**CONFIG.__dict__, field: value})  # type: ignore[arg-type]
