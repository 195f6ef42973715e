"""Disordered rings: potentials, ensembles, mesoscopic scales and their theory."""
