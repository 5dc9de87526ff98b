"""The README's API coverage table is what tools/coverage.py computes now (regenerate: python tools/coverage.py
--write)."""
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("coverage_tool", ROOT / "tools" / "coverage.py")
coverage_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(coverage_tool)


def test_readme_coverage_table_is_up_to_date():
    assert coverage_tool.readme_section() in (ROOT / "README.md").read_text(), (
        "the README's coverage table is stale: run python tools/coverage.py --write")


def test_every_area_is_counted_and_ranked_names_are_pytorchs():
    rows = coverage_tool.coverage()
    assert [row[0] for row in rows] == ["torch", "Tensor", "nn", "nn.functional", "optim", "optim.lr_scheduler",
                                        "utils.data", "autograd", "linalg", "special", "func",
                                        "autograd.forward_ad", "testing", "distributions"]
    for area, torch_names, present, missing in rows:
        assert sorted(present + missing) == sorted(torch_names)
        unknown = set(coverage_tool.COMMON[area].split()) - set(torch_names)
        assert not unknown, f"{area}: the ranking names what PyTorch does not have: {sorted(unknown)}"


def test_presence_is_checked_against_gradlib():
    rows = {row[0]: row for row in coverage_tool.coverage()}
    assert "tensor" in rows["torch"][2] and "Linear" in rows["nn"][2]
    assert "jit" not in rows["torch"][2] and "complex64" in rows["torch"][2] and "qint8" in rows["torch"][3]
