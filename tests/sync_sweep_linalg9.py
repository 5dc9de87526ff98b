"""tests/test_sync_sweep.py's calls for the Tensor methods of helper linalg9 (``NO_WAIT``: never wait, in PyTorch
neither: the LU factorization, its pivots and info stay on the device). Each call gets the sweep's operands x (3, 4)
float leaf requiring grad, w (4, 2), v (4,), i (int64 index (3, 2)), m (bool mask (3, 4))."""
import warnings

import gradlib


def _quiet(call):
    """``call()`` without PyTorch's deprecation warnings of torch.lu / torch.lu_solve."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def _square(x):
    return x[:, :3] + 4 * gradlib.eye(3, device=x.device)


NO_WAIT = {
    "lu": lambda x, w, v, i, m: _quiet(lambda: _square(x).lu(get_infos=True)),
    "lu_solve": lambda x, w, v, i, m: _quiet(lambda: x[:, 3:].lu_solve(*gradlib.linalg.lu_factor_ex(_square(x))[:2])),
    "vdot": lambda x, w, v, i, m: v.vdot(x[0]),
    "geqrf": lambda x, w, v, i, m: x.detach().mT.geqrf(),  # its backward raises, as PyTorch's
    "cholesky": lambda x, w, v, i, m: _quiet(lambda: (x @ x.mT + gradlib.eye(3, device=x.device)).cholesky()),
    "orgqr": lambda x, w, v, i, m: x.mT.orgqr(v[:2]),
    "triangular_solve": lambda x, w, v, i, m: x[:, 3:].triangular_solve(_square(x)),
}
