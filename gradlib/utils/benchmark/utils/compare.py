"""``Compare``: many Measurements printed as tables (one per label; a row per sub-label and thread count, a
column per description), as ``torch.utils.benchmark.Compare`` prints them."""
import collections
import enum
import math

from . import common

__all__ = ["Colorize", "Compare"]

BEST = "\033[92m"
GOOD = "\033[34m"
BAD = "\033[2m\033[91m"
VERY_BAD = "\033[31m"
BOLD = "\033[1m"
TERMINATE = "\033[0m"


class Colorize(enum.Enum):
    NONE = "none"
    COLUMNWISE = "columnwise"
    ROWWISE = "rowwise"


class _Column:
    """One description's cells: a number format wide enough for its largest median."""

    def __init__(self, grouped_results, time_scale, trim_significant_figures, highlight_warnings):
        self.grouped_results = grouped_results
        flat = [result for group in grouped_results for result in group]
        self._trim = trim_significant_figures
        self._highlight = highlight_warnings and any(result.has_warnings for result in flat if result)
        present = [result for result in flat if result]
        leading = [math.ceil(math.log10(result.median / time_scale)) for result in present]
        unit_digits = max(leading)
        if trim_significant_figures:
            decimals = min(max(result.significant_figures - digits, 0) for digits, result in zip(leading, present))
        else:
            decimals = 1
        length = unit_digits + decimals + (1 if decimals else 0)
        self._template = f"{{:>{length}.{decimals}f}}{{:>{7 if self._highlight else 0}}}"

    def num_to_str(self, value, estimated_sigfigs, spread):
        if value is None:
            return " " * len(self.num_to_str(1, estimated_sigfigs, None))
        if self._trim:
            value = common.trim_sigfig(value, estimated_sigfigs)
        warning = f" (! {spread * 100:.0f}%)" if self._highlight and spread is not None else ""
        return self._template.format(value, warning)


def _color(segment, value, best):
    if value <= best * 1.01 or value <= best + 100e-9:
        return BEST + BOLD + segment + TERMINATE * 2
    if value <= best * 1.1:
        return GOOD + BOLD + segment + TERMINATE * 2
    if value >= best * 5:
        return VERY_BAD + BOLD + segment + TERMINATE * 2
    if value >= best * 2:
        return BAD + segment + TERMINATE * 2
    return segment


class _Table:
    """The measurements of one label."""

    def __init__(self, results, colorize, trim_significant_figures, highlight_warnings):
        if len({result.label for result in results}) != 1:
            raise AssertionError("All results must share the same label")
        self.results = results
        self.colorize = colorize
        self.highlight_warnings = highlight_warnings
        self.label = results[0].label
        self.time_unit, self.time_scale = common.select_unit(min(result.median for result in results))
        row_keys = common.ordered_unique(self._row_key(result) for result in results)
        self.row_keys = sorted(row_keys, key=lambda key: key[:2])  # by threads and env; stmt order kept
        self.column_keys = common.ordered_unique(result.description for result in results)
        cells = [[None] * len(self.column_keys) for _ in self.row_keys]
        row_at = {key: index for index, key in enumerate(self.row_keys)}
        column_at = {key: index for index, key in enumerate(self.column_keys)}
        for result in results:
            cells[row_at[self._row_key(result)]][column_at[result.description]] = result
        self.cells = cells
        envs = {result.env for result in results}
        self.render_env = len(envs) > 1
        self.env_width = max(len(env) for env in envs) if self.render_env else 0
        # rows grouped by thread count; the first row of a group prints the "N threads: ---" separator
        self.groups = []
        self.row_group = []
        self.separators = []
        self.show_env = []
        prior_threads, prior_env = -1, ""
        for (threads, env, _), row in zip(self.row_keys, cells):
            starts = threads != prior_threads
            if starts:
                prior_threads, prior_env = threads, ""
                self.groups.append([])
            self.separators.append(threads if starts else None)
            self.show_env.append(self.render_env and env != prior_env)
            self.row_group.append(len(self.groups) - 1)
            self.groups[-1].append(row)
            prior_env = env
        self.columns = [_Column([tuple(row[index] for row in group) for group in self.groups], self.time_scale,
                                trim_significant_figures, highlight_warnings)
                        for index in range(len(self.column_keys))]

    @staticmethod
    def _row_key(result):
        return result.num_threads, result.env, result.as_row_name

    def _row_strings(self, index):
        row = self.cells[index]
        first = next(result for result in row if result is not None)
        env = f"({first.env})" if self.show_env[index] else ""
        strings = ["  " + env.ljust(self.env_width + 4) + first.as_row_name]
        for result, column in zip(row, self.columns):
            if result is None:
                strings.append(column.num_to_str(None, 1, None))
            else:
                spread = result.iqr / result.median if result.has_warnings else None
                strings.append(column.num_to_str(result.median / self.time_scale, result.significant_figures,
                                                 spread))
        return strings

    def _best_values(self, index):
        row = self.cells[index]
        if self.colorize == Colorize.ROWWISE:
            best = min(result.median for result in row if result is not None)
            return [best] * len(row)
        if self.colorize == Colorize.COLUMNWISE:
            group = self.groups[self.row_group[index]]
            best = []
            for column in range(len(row)):
                medians = [other[column].median for other in group if other[column] is not None]
                best.append(min(medians) if medians else None)
            return best
        return [None] * len(row)

    def render(self):
        string_rows = [[""] + list(self.column_keys)]
        string_rows.extend(self._row_strings(index) for index in range(len(self.cells)))
        width = max(len(strings) for strings in string_rows)
        for strings in string_rows:
            strings.extend([""] * (width - len(strings)))
        widths = [max(len(cell) for cell in column) for column in zip(*string_rows)]
        lines = ["  |  ".join(str(cell).center(w) for cell, w in zip(string_rows[0], widths))]
        overall = len(lines[0])
        for index, strings in enumerate(string_rows[1:]):
            if self.separators[index] is not None:
                lines.append(f"{self.separators[index]} threads: ".ljust(overall, "-"))
            cells = [strings[0].ljust(widths[0])]
            for cell, w, result, best in zip(strings[1:], widths[1:], self.cells[index], self._best_values(index)):
                cell = cell.center(w)
                if self.colorize != Colorize.NONE and result is not None and best is not None:
                    cell = _color(cell, result.median, best)
                cells.append(cell)
            lines.append("  |  ".join(cells))
        warned = self.highlight_warnings and any(result.has_warnings for result in self.results)
        label = (" " + (self.label or "") + " ").center(overall - 2, "-")
        footer = "(! XX%) Measurement has high variance, where XX is the IQR / median * 100.\n" if warned else ""
        return (f"[{label}]\n" + "\n".join(lines) + "\n\n"
                + f"Times are in {common.unit_to_english(self.time_unit)}s ({self.time_unit}).\n" + footer)


class Compare:
    """Print many Measurements side by side: one table per ``label``, a row per ``sub_label`` (else ``stmt``)
    under a ``N threads:`` separator, a column per ``description``; medians in one unit for the table.
    Replicates of one task are merged first. Mirrors ``torch.utils.benchmark.Compare``.

    ``ValueError`` for a result that is not a Measurement (PyTorch's message).

    >>> from gradlib.utils.benchmark import Compare, Measurement, TaskSpec
    >>> spec = TaskSpec("f(x)", "pass", label="f", sub_label="[8]", description="eager")
    >>> Compare([Measurement(1, [1e-6, 1e-6, 1e-6, 1e-6], spec)]).print()
    [------- f -------]
               |  eager
    1 threads: --------
          [8]  |   1.0
    <BLANKLINE>
    Times are in microseconds (us).
    <BLANKLINE>
    """

    def __init__(self, results):
        self._results = []
        self.extend_results(results)
        self._trim_significant_figures = False
        self._colorize = Colorize.NONE
        self._highlight_warnings = False

    def __str__(self):
        return "\n".join(self._render())

    def extend_results(self, results):
        """Add more Measurements."""
        for result in results:
            if not isinstance(result, common.Measurement):
                raise ValueError(f"Expected an instance of `Measurement`, got {type(result)} instead.")
        self._results.extend(results)

    def trim_significant_figures(self):
        """Print each median with only the figures its spread supports."""
        self._trim_significant_figures = True

    def colorize(self, rowwise=False):
        """Color each cell against the best of its column (or of its row, ``rowwise=True``)."""
        self._colorize = Colorize.ROWWISE if rowwise else Colorize.COLUMNWISE

    def highlight_warnings(self):
        """Mark noisy cells with ``(! XX%)``, their IQR relative to their median."""
        self._highlight_warnings = True

    def print(self):
        print(str(self))

    def _render(self):
        grouped = collections.defaultdict(list)
        for result in common.Measurement.merge(self._results):
            grouped[result.label].append(result)
        return [_Table(group, self._colorize, self._trim_significant_figures, self._highlight_warnings).render()
                for group in grouped.values()]
