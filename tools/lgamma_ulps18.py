"""How far gradlib's lgamma is from PyTorch's CPU lgamma, in ulps, over ~1e5 sampled points per dtype (session 18):
uniform on (-30, 30) and (0.5, 3) (the zeros near 1 and 2), log-uniform magnitudes to 1e-300..1e300 on both signs,
(-200, 0), and the edges (+-0, poles, +-inf, NaN, subnormals, 1e308).

    PYTHONPATH=. /work/benchvenv/bin/python tools/lgamma_ulps18.py            # this tree's gradlib
    PYTHONPATH=/work/main /work/benchvenv/bin/python tools/lgamma_ulps18.py   # another tree's, for a before/after
"""
import warnings

import numpy as np
import torch

import gradlib.ops.special as special

warnings.simplefilter("ignore")


def points(dtype, n=133336, seed=0):
    rs = np.random.RandomState(seed)
    parts = [rs.uniform(-30, 30, n // 4), rs.uniform(0.5, 3, n // 8), np.exp(rs.uniform(-700, 700, n // 8)),
             -np.exp(rs.uniform(-700, 60, n // 8)), rs.uniform(-200, 0, n // 8),
             np.array([0., -0., 1., 2., -1., -2.5, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 1e-310,
                       2.2250738585072014e-308, 1e300, 1.7e308])]
    return np.concatenate(parts).astype(dtype)


def main():
    bins = (("0", 0, .5), ("1", .5, 1.5), ("2", 1.5, 2.5), ("3-10", 2.5, 10.5), ("11-1000", 10.5, 1000.5),
            (">1000", 1000.5, np.inf))
    for dtype in (np.float64, np.float32):
        x = points(dtype)
        with np.errstate(all="ignore"):
            mine = special.lgamma_array(np, x)
        ref = torch.from_numpy(x).lgamma().numpy()
        same = (mine == ref) | (np.isnan(mine) & np.isnan(ref))
        ulp = np.abs(mine.astype(np.float64) - ref) / np.spacing(np.abs(ref).astype(dtype)).astype(np.float64)
        ulp = np.where(same, 0, ulp)
        counts = {name: int(((ulp >= lo) & (ulp < hi)).sum()) for name, lo, hi in bins}
        print(f"{dtype.__name__}: {len(x)} points, bit-equal {same.mean():.5f}, ulps {counts}, "
              f"inf/NaN mismatches {int(np.isnan(ulp).sum())}")


if __name__ == "__main__":
    main()
