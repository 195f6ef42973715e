"""The tour: one HTML report with a section per phenomenon, its figure, and computed numbers
beside theory with a pass/fail flag against a stated tolerance.

``run_tour(folder)`` builds every section of :data:`SECTIONS` and returns a :class:`Tour`
(``tour.failures`` is empty when everything passes); ``write_tour(folder)`` does the same and
returns the path of ``folder/index.html``.
"""

from currentkit.report.section import Row, Section
from currentkit.report.sections import SECTIONS
from currentkit.report.tour import Tour, run_tour, tour_failures, write_tour

__all__ = ["SECTIONS", "Row", "Section", "Tour", "run_tour", "tour_failures", "write_tour"]
