"""Disorder potentials and disorder ensembles of persistent currents.

Reproducibility is the physics of an ensemble run: realization r depends only on (seed, r), so
comparisons between ensemble sizes, schedulers and resumed runs are exact equality.
"""

from __future__ import annotations

import itertools
import math
import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from currentkit import parallel
from currentkit.errors import CurrentkitError, ParameterError, StoreMismatchError
from currentkit.results import check_conventions, load_dataset, save_dataset
from currentkit.rings import LatticeRing, persistent_current
from currentkit.rings.disorder import ensemble as ens
from currentkit.rings.disorder.ensemble import EnsembleConfig, disorder_ensemble
from currentkit.rings.disorder.potentials import (
    anderson_potential,
    barrier_potential,
    impurity_potential,
)


def small(**changes: object) -> EnsembleConfig:
    base: dict[str, object] = dict(sites=12, channels=2, disorder=1.5, electrons=7,
                                   flux_points=8, realizations=5, seed=11)
    base.update(changes)
    return EnsembleConfig(**base)  # type: ignore[arg-type]


# --- potentials -------------------------------------------------------------------------------

def test_anderson_box_and_gaussian_shapes_ranges_and_variance() -> None:
    rng = np.random.default_rng(0)
    box = anderson_potential(rng, 40_000, channels=2, width=3.0, kind="box")
    gauss = anderson_potential(rng, 40_000, channels=2, width=3.0, kind="gaussian")
    assert box.shape == gauss.shape == (2, 40_000)
    assert box.min() >= -1.5 and box.max() <= 1.5
    # same variance W²/12 = 0.75 by construction; with n = 8e4 draws the sample variance has a
    # relative standard error ≈ √(2/n) ≈ 0.5 % (gaussian; less for box), so 3 % is > 5σ
    for pot in (box, gauss):
        assert pot.var() == pytest.approx(3.0**2 / 12, rel=0.03)
        assert abs(pot.mean()) < 0.02  # σ/√n ≈ 0.003: > 5σ margin
    assert gauss.max() > 1.5  # unbounded, unlike the box


def test_anderson_depends_only_on_generator_state() -> None:
    a = anderson_potential(np.random.default_rng(5), 10, 3, 2.0)
    b = anderson_potential(np.random.default_rng(5), 10, 3, 2.0)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(anderson_potential(np.random.default_rng(1), 6, 2, 0.0),
                                  np.zeros((2, 6)))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"width": -1.0}, "width"),
        ({"width": math.nan}, "width"),
        ({"width": math.inf}, "width"),
        ({"sites": 0}, "sites"),
        ({"channels": 0}, "channels"),
        ({"kind": "lorentz"}, "kind"),
    ],
)
def test_anderson_rejects(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"sites": 5, "channels": 1, "width": 1.0, "kind": "box", **kwargs}
    with pytest.raises(ParameterError, match=rf"^{name}="):
        anderson_potential(np.random.default_rng(0), **args)  # type: ignore[arg-type]


def test_barrier_and_impurity() -> None:
    bar = barrier_potential(10, 2.0, 3, channels=2)
    assert bar.shape == (2, 10)
    np.testing.assert_array_equal(np.flatnonzero(bar[0]), [4, 5, 6])  # centred on L // 2 = 5
    np.testing.assert_array_equal(bar[0], bar[1])
    wrapped = barrier_potential(10, -1.0, 4, center=0)
    np.testing.assert_array_equal(np.flatnonzero(wrapped[0]), [0, 1, 8, 9])  # wraps around
    assert wrapped.sum() == -4.0
    imp = impurity_potential(8, 0.5, site=3, channels=3)
    assert imp.shape == (3, 8) and np.all(imp[:, 3] == 0.5) and imp.sum() == 1.5
    one = impurity_potential(8, 0.5, site=3, channels=3, channel=1)
    assert one[1, 3] == 0.5 and one.sum() == 0.5
    for call, name in [
        (lambda: barrier_potential(10, 1.0, 11), "width"),
        (lambda: barrier_potential(10, 1.0, 0), "width"),
        (lambda: barrier_potential(10, math.nan, 2), "height"),
        (lambda: barrier_potential(10, 1.0, 2, center=10), "center"),
        (lambda: impurity_potential(8, 1.0, site=8), "site"),
        (lambda: impurity_potential(8, math.inf), "strength"),
        (lambda: impurity_potential(8, 1.0, channels=2, channel=2), "channel"),
    ]:
        with pytest.raises(ParameterError, match=rf"^{name}="):
            call()


# --- configuration ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"disorder": -0.1}, "disorder"),
        ({"disorder": math.nan}, "disorder"),
        ({"electrons": 25}, "electrons"),  # 12·2 = 24 states
        ({"electrons": None}, "electrons/mu"),
        ({"mu": 0.0}, "electrons/mu"),
        ({"realizations": 0}, "realizations"),
        ({"seed": -1}, "seed"),
        ({"flux_points": 0}, "flux_points"),
        ({"temperature": -1.0}, "temperature"),
        ({"disorder_kind": "cauchy"}, "disorder_kind"),
        ({"method": "exact"}, "method"),
        ({"method": "green"}, "method"),  # needs fixed mu
        ({"method": "transfer", "electrons": None, "mu": 0.0}, "method"),  # needs M = 1
        ({"method": "bands"}, "method"),  # needs M = 1
        ({"method": "window", "electrons": None, "mu": 0.0}, "method"),  # needs fixed N
        ({"method": "magic"}, "method"),
        ({"sites": 2}, "sites"),
    ],
)
def test_config_rejects_impossible(changes: dict[str, object], name: str) -> None:
    with pytest.raises(ParameterError, match=rf"^{name}="):
        small(**changes)


def test_spin_doubles_the_allowed_filling() -> None:
    assert small(electrons=48, spin=True).electrons == 48
    with pytest.raises(ParameterError, match=r"^electrons=49"):
        small(electrons=49, spin=True)


def test_fingerprint_ignores_only_realizations() -> None:
    base = small()
    assert base.fingerprint() == small(realizations=9).fingerprint()
    for changes in ({"disorder": 1.6}, {"seed": 12}, {"electrons": 8}, {"disorder_kind":
                    "gaussian"}, {"flux_points": 16}, {"channels": 1}):
        assert small(**changes).fingerprint() != base.fingerprint(), changes


# --- ensembles --------------------------------------------------------------------------------

def test_result_conventions_and_statistics(tmp_path: Path) -> None:
    ds = disorder_ensemble(small(), scheduler="serial", progress=False)
    check_conventions(ds)
    assert ds["current"].dims == ("realization", "flux")
    assert ds.sizes == {"realization": 5, "flux": 8}
    assert ds.attrs["seed"] == 11 and ds.attrs["complete"] == 1
    i = ds["current"].to_numpy()
    # the same numbers reduced in the same order: equal up to a few ulps of the current scale
    np.testing.assert_allclose(ds["mean_current"], i.mean(axis=0), rtol=0, atol=1e-15)
    np.testing.assert_allclose(ds["typical_current"], np.sqrt((i**2).mean(axis=0)), rtol=0,
                               atol=1e-15)
    # a real potential keeps time reversal: I_r(−Φ) = −I_r(Φ) for every realization
    # (round-off of the dense diagonalisation: 1e-12 on currents of order 0.1)
    np.testing.assert_allclose(i[:, 1:], -i[:, :0:-1], rtol=0, atol=1e-12)
    assert np.abs(i).max() > 1e-3  # non-trivial currents
    back = load_dataset(save_dataset(ds, tmp_path / "e.nc"))
    np.testing.assert_array_equal(back["current"], ds["current"])


def test_realization_depends_only_on_seed_and_index() -> None:
    five = disorder_ensemble(small(realizations=5), scheduler="serial", progress=False)
    three = disorder_ensemble(small(realizations=3), scheduler="serial", progress=False)
    np.testing.assert_array_equal(three["current"], five["current"].isel(realization=slice(3)))
    # and each is the task function of (config, r), whatever the ensemble size
    np.testing.assert_array_equal(ens._realization((small(realizations=1), 4))["current"],
                                  five["current"].isel(realization=4))
    assert not np.array_equal(five["current"][0], five["current"][1])
    other = disorder_ensemble(small(realizations=3, seed=12), scheduler="serial", progress=False)
    assert not np.array_equal(other["current"], three["current"])


def test_resume_after_interruption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = small()
    clean_run = disorder_ensemble(config, scheduler="serial", progress=False)
    calls: list[int] = []
    real = ens._realization

    def flaky(task: tuple[EnsembleConfig, int]) -> dict[str, np.ndarray]:
        calls.append(task[1])
        if task[1] == 2 and calls.count(2) == 1:
            raise RuntimeError("simulated interruption at realization 2")
        return real(task)

    monkeypatch.setattr(ens, "_realization", flaky)
    store = tmp_path / "store"
    with pytest.raises(RuntimeError, match="realization 2"):
        disorder_ensemble(config, scheduler="serial", store=store, progress=False)
    assert calls == [0, 1, 2]
    resumed = disorder_ensemble(config, scheduler="serial", store=store, progress=False)
    assert calls == [0, 1, 2, 2, 3, 4]  # 0 and 1 were loaded from the store, not recomputed
    for name in ("current", "mean_current", "typical_current"):
        np.testing.assert_array_equal(resumed[name], clean_run[name])
    again = disorder_ensemble(config, scheduler="serial", store=store, progress=False)
    assert calls == [0, 1, 2, 2, 3, 4]  # everything stored: nothing recomputed
    np.testing.assert_array_equal(again["current"], clean_run["current"])


def test_store_of_another_configuration_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store"
    disorder_ensemble(small(realizations=2), scheduler="serial", store=store, progress=False)
    with pytest.raises(StoreMismatchError) as info:
        disorder_ensemble(small(realizations=2, disorder=2.0, disorder_kind="gaussian"),
                          scheduler="serial", store=store, progress=False)
    assert isinstance(info.value, CurrentkitError)
    assert (f"store {store} was written for disorder=1.5, disorder_kind='box', this run has "
            "disorder=2.0, disorder_kind='gaussian'") in str(info.value)


def test_store_grows_and_shrinks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # R is not part of the configuration: more realizations compute only the new ones, fewer
    # compute nothing, and every realization equals the one of a run without a store.
    reference = disorder_ensemble(small(realizations=7), scheduler="serial", progress=False)
    calls: list[int] = []
    real = ens._realization

    def counted(task: tuple[EnsembleConfig, int]) -> dict[str, np.ndarray]:
        calls.append(task[1])
        return real(task)

    monkeypatch.setattr(ens, "_realization", counted)
    store = tmp_path / "store"
    for r, block, computed in [(3, 2, [0, 1, 2]), (7, 4, [3, 4, 5, 6]), (2, None, []),
                               (7, 1, [])]:
        calls.clear()
        ds = disorder_ensemble(small(realizations=r), scheduler="serial", store=store,
                               progress=False, block=block)
        assert calls == computed, r
        assert ds.sizes["realization"] == r
        for name in ("current", "mean_current", "typical_current"):
            expected = reference if r == 7 else disorder_ensemble(
                small(realizations=r), scheduler="serial", progress=False)
            np.testing.assert_array_equal(ds[name], expected[name])  # bit-identical


def _stored_indices(store: Path) -> list[int]:
    """Realization indices held by the block files of a store (sorted, with repeats)."""
    found: list[int] = []
    for path in store.glob("tasks-*.npz"):
        with np.load(path) as data:
            found.extend(data["__task_index__"].tolist())
    return sorted(found)


def _kill_a_worker_once_started(store: Path, total: int, report: dict[str, int]) -> None:
    """SIGKILL one worker process of the running embedded cluster once its first block is stored.

    Runs in a thread beside ``disorder_ensemble``: it finds the cluster's client (the default
    client), asks the workers for their pids and kills one of them from the outside.
    """
    from distributed import default_client

    deadline = time.monotonic() + 240  # a cluster start takes 5-60 s on a busy machine
    client = None
    while client is None and time.monotonic() < deadline:
        try:  # the first block runs in this process, then the cluster starts
            client = default_client()
        except ValueError:
            time.sleep(0.005)
    while len(_stored_indices(store)) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)  # a block stored by the cluster: its workers are running
    if client is None:
        return
    pids = client.run(os.getpid)
    _, pid = sorted(pids.items())[0]
    os.kill(pid, signal.SIGKILL)
    report.update(pid=pid, stored=len(_stored_indices(store)), total=total)


@pytest.mark.slow
def test_local_cluster_equals_serial_even_when_a_worker_dies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one LocalCluster test of this file (a cluster start costs seconds): one of two worker
    # processes is killed from outside while realizations run; none may be lost or changed.
    # ~45 ms per realization (dense, 200 states, 8 flux points): 20 realizations keep both
    # workers busy for ≈ 0.4 s after the first one is stored, ample time to kill one mid-run
    # (the kill takes a few ms; the test checks that it came before the last realization).
    config = small(sites=100, channels=2, electrons=80, realizations=20)
    monkeypatch.setattr(parallel, "CLUSTER_START_S", 0.0)  # start the cluster however small
    monkeypatch.setattr(parallel, "_free_cores", lambda: 2)  # and however busy the machine
    serial = disorder_ensemble(config, scheduler="serial", progress=False)
    store = tmp_path / "store"
    report: dict[str, int] = {}
    killer = threading.Thread(target=_kill_a_worker_once_started,
                              args=(store, config.realizations, report), daemon=True)
    killer.start()
    local = disorder_ensemble(config, scheduler="local", workers=2, store=store, block=1,
                              progress=False)
    killer.join(timeout=10)
    assert report, "no worker was killed"
    assert report["stored"] < report["total"], report  # killed mid-run: work was left
    for name in ("current", "mean_current", "typical_current"):
        np.testing.assert_array_equal(local[name], serial[name])  # bit-identical, none lost
    assert _stored_indices(store) == list(range(config.realizations))  # each stored once


def test_zero_disorder_is_the_clean_ring_in_every_realization() -> None:
    config = small(disorder=0.0, realizations=3, flux_points=16)
    ds = disorder_ensemble(config, scheduler="serial", progress=False)
    clean = persistent_current(LatticeRing(12, channels=2), config.flux(), electrons=7)
    for r in range(3):
        np.testing.assert_array_equal(ds["current"][r], clean["current"])  # same closed form
    np.testing.assert_allclose(ds["typical_current"], np.abs(clean["current"]), rtol=0,
                               atol=1e-15)  # √(I²) of equal numbers: round-off only


def test_two_methods_agree_on_a_disordered_grand_canonical_ensemble() -> None:
    common = dict(sites=10, channels=1, disorder=1.0, electrons=None, mu=-0.3,
                  temperature=0.1, flux_points=8, realizations=2, seed=3)
    dense = disorder_ensemble(EnsembleConfig(**common, method="dense"),  # type: ignore[arg-type]
                              scheduler="serial", progress=False)
    transfer = disorder_ensemble(EnsembleConfig(**common, method="transfer"),  # type: ignore[arg-type]
                                 scheduler="serial", progress=False)
    # independent algorithms (diagonalisation vs Matsubara transfer-matrix sum); the Matsubara
    # sum is converged to 1e-12 relative (transfer.py's default tol), so 1e-9 absolute on
    # currents ~1e-2 leaves room for the dense method's round-off
    np.testing.assert_allclose(transfer["current"], dense["current"], rtol=0, atol=1e-9)


def test_task_seed_is_the_documented_spawn() -> None:
    config = small()
    rng = np.random.default_rng(np.random.SeedSequence(config.seed).spawn(5)[3])
    expected = anderson_potential(rng, 12, 2, 1.5)
    np.testing.assert_array_equal(ens.realization_potential(config, 3), expected)
    assert parallel.task_seed(config.seed, 3).spawn_key == (3,)


@pytest.mark.parametrize(("method", "sites", "channels", "filling", "temperature"), [
    ("bands", 30, 1, {"electrons": 11}, 0.0),
    ("bands", 30, 1, {"electrons": 11}, 0.05),
    ("window", 48, 2, {"electrons": 37}, 0.0),  # L·M = 96 > 64: the window, not dense
    ("window", 48, 2, {"electrons": 37}, 0.05),
    ("transfer", 30, 1, {"mu": -0.4}, 0.0),
    ("transfer", 30, 1, {"mu": -0.4}, 0.05),
    ("green", 30, 2, {"mu": -0.4}, 0.0),
    ("green", 30, 2, {"mu": -0.4}, 0.05),
    ("auto", 30, 2, {"electrons": 23}, 0.05),
])
def test_every_exact_method_in_an_ensemble_equals_dense(
    method: str, sites: int, channels: int, filling: dict[str, object], temperature: float
) -> None:
    common: dict[str, object] = dict(sites=sites, channels=channels, disorder=1.0,
                                     temperature=temperature, flux_points=8, realizations=4,
                                     seed=5, **filling)
    got = disorder_ensemble(EnsembleConfig(**common, method=method),  # type: ignore[arg-type]
                            scheduler="serial", progress=False)
    dense = disorder_ensemble(EnsembleConfig(**common, method="dense"),  # type: ignore[arg-type]
                              scheduler="serial", progress=False)
    scale = float(np.abs(dense["current"]).max())
    assert scale > 1e-4  # a non-trivial current to compare
    # independent algorithms (band roots, shift-invert window, Matsubara/T = 0 integrals of
    # transfer matrices or closing-bond Green functions) against dense diagonalisation; the
    # integrals converge to 1e-12 relative, so 1e-10 of max|I| leaves room for round-off
    np.testing.assert_allclose(got["current"], dense["current"], rtol=0, atol=1e-10 * scale)


@pytest.mark.parametrize("method", ["auto", "exact", "dense", "transfer", "green", "bands",
                                    "window"])
def test_config_accepts_exactly_what_persistent_current_accepts(method: str) -> None:
    # every combination of filling, temperature, channels, spin and disorder: EnsembleConfig
    # refuses a method exactly when persistent_current refuses it on the realization's ring
    for filling, temperature, channels, spin, disorder in itertools.product(
        ({"electrons": 7}, {"mu": -0.2}), (0.0, 0.1), (1, 2), (False, True), (0.0, 1.0)
    ):
        kwargs: dict[str, object] = dict(sites=12, channels=channels, disorder=disorder,
                                         temperature=temperature, spin=spin, flux_points=2,
                                         realizations=1, method=method, **filling)
        try:
            EnsembleConfig(**kwargs)  # type: ignore[arg-type]
            accepted = True
        except ParameterError as exc:
            assert exc.name == "method", exc
            accepted = False
        ring = LatticeRing(12, channels=channels, spin=spin,
                           potential=np.full((channels, 12), 0.3 * disorder)
                           + np.arange(12) * 0.01 * disorder)
        try:
            persistent_current(ring, [0.0, 0.25], temperature=temperature,
                               method=method, **filling)  # type: ignore[arg-type]
            works = True
        except ParameterError:
            works = False
        assert accepted == works, kwargs
