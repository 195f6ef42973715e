"""Interacting rings: exact diagonalization, DMRG, Luttinger parameters, ensembles."""
