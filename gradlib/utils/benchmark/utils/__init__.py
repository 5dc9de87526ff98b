"""``torch.utils.benchmark.utils``: where the benchmark's classes live (common, timer, compare)."""
from . import common, compare, timer
