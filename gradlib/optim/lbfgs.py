"""L-BFGS with an optional strong-Wolfe line search (PyTorch's algorithm, after minFunc).

The search runs on the host: the loss, the gradient's largest magnitude and the dot products of the two-loop
recursion are read as Python floats each iteration, as PyTorch's LBFGS reads them (its ``float(closure())`` and
tensor comparisons). The flat vectors (gradient, direction, history) stay on the parameters' device. Scalars are
Python floats (double precision), but for the two-loop recursion's ``ro``, ``al``, ``H_diag`` and the first step
length, 0-d tensors (or their values) of the parameters' dtype as PyTorch's. Complex parameters are stepped as
their real views (PyTorch's).
"""
import math

from .. import autograd
from .. import _creation
from ..ops.complex_ops import view_as_real
from ..ops.join import cat
from . import optimizer
from .optimizer import Optimizer

__all__ = ["LBFGS"]


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to ``bounds`` (the bracket by
    default); the bracket's middle when the cubic has no minimum."""
    if bounds is not None:
        low, high = bounds
    else:
        low, high = (x1, x2) if x1 <= x2 else (x2, x1)
    d1 = g1 + g2 - _divide(3 * (f1 - f2), x1 - x2)
    d2_square = d1 * d1 - g1 * g2
    if d2_square >= 0:
        d2 = d2_square ** 0.5
        if x1 <= x2:
            position = x2 - (x2 - x1) * _divide(g2 + d2 - d1, g2 - g1 + 2 * d2)
        else:
            position = x1 - (x1 - x2) * _divide(g1 + d2 - d1, g1 - g2 + 2 * d2)
        return min(max(position, low), high)
    return (low + high) / 2.0


def _divide(a, b):
    """``a / b`` as IEEE floats (PyTorch's search divides 0-d tensors): inf or NaN for a zero ``b``, where
    Python's float division raises ZeroDivisionError (a step of 0 after an inf gradient)."""
    if b == 0:
        if a == 0 or a != a:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _strong_wolfe(evaluate, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """Find a step ``t`` along ``d`` meeting the strong Wolfe conditions: bracket, then zoom by cubic
    interpolation. Returns (loss, flat gradient, t, evaluations)."""
    d_norm = d.abs().max().item()
    g = g.clone()
    f_new, g_new = evaluate(x, t, d)
    evaluations = 1
    gtd_new = g_new.dot(d).item()
    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    iteration = 0
    while iteration < max_ls:
        if f_new > (f + c1 * t * gtd) or (iteration > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new.clone()], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new.clone()], [gtd_prev, gtd_new]
            break
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        previous = t
        t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step))
        t_prev, f_prev, g_prev, gtd_prev = previous, f_new, g_new.clone(), gtd_new
        f_new, g_new = evaluate(x, t, d)
        evaluations += 1
        gtd_new = g_new.dot(d).item()
        iteration += 1
    if iteration == max_ls:
        bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]
        bracket_gtd = [gtd, gtd_new]

    insufficient_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and iteration < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
        # Keep away from the bracket's ends: move to 10% inside when progress stalls there.
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insufficient_progress or t >= max(bracket) or t <= min(bracket):
                t = max(bracket) - eps if abs(t - max(bracket)) < abs(t - min(bracket)) else min(bracket) + eps
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False
        f_new, g_new = evaluate(x, t, d)
        evaluations += 1
        gtd_new = g_new.dot(d).item()
        iteration += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low]:
            bracket[high], bracket_f[high], bracket_g[high], bracket_gtd[high] = t, f_new, g_new.clone(), gtd_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                bracket[high], bracket_f[high] = bracket[low], bracket_f[low]
                bracket_g[high], bracket_gtd[high] = bracket_g[low], bracket_gtd[low]
            bracket[low], bracket_f[low], bracket_g[low], bracket_gtd[low] = t, f_new, g_new.clone(), gtd_new
    return bracket_f[low], bracket_g[low], bracket[low], evaluations


def _two_loop_direction(flat_grad, prev_flat_grad, d, t, history, H_diag, history_size, al):
    """Record the last step's curvature pair (when y.s > 1e-10) in ``history`` = (old_dirs, old_stps, ro), then
    return the quasi-Newton direction -H g from the two-loop recursion, and the updated initial scaling H_diag.
    ``ro``, ``al`` and ``H_diag`` are 0-d tensors of the parameters' dtype, as PyTorch keeps them."""
    old_dirs, old_stps, ro = history
    y = flat_grad.sub(prev_flat_grad)
    s = d.mul(t)
    ys = y.dot(s)  # 0-d tensors in the parameters' dtype, as PyTorch's (float32 arithmetic for float32 parameters)
    if ys > 1e-10:  # keep the pair only where the curvature is positive
        if len(old_dirs) == history_size:
            old_dirs.pop(0)
            old_stps.pop(0)
            ro.pop(0)
        old_dirs.append(y)
        old_stps.append(s)
        ro.append(1.0 / ys)
        H_diag = ys / y.dot(y)
    count = len(old_dirs)
    q = flat_grad.neg()
    for i in range(count - 1, -1, -1):
        al[i] = old_stps[i].dot(q) * ro[i]
        q.add_(old_dirs[i], alpha=-al[i].item())
    r = q.mul(H_diag)
    for i in range(count):
        be_i = old_dirs[i].dot(r) * ro[i]
        r.add_(old_stps[i], alpha=(al[i] - be_i).item())
    return r, H_diag


class LBFGS(Optimizer):
    """Limited-memory BFGS. ``step(closure)`` runs up to ``max_iter`` iterations, each re-evaluating the loss
    with ``closure`` (which must zero the gradients, compute the loss, call backward and return the loss).
    ``history_size`` curvature pairs approximate the inverse Hessian (two-loop recursion); ``line_search_fn`` is
    None (fixed step ``lr``, the first one scaled by 1 / |g|_1) or ``'strong_wolfe'``. One parameter group only
    (ValueError otherwise). State per the first parameter: ``func_evals``, ``n_iter``, ``d``, ``t``,
    ``old_dirs``, ``old_stps``, ``ro``, ``H_diag``, ``prev_flat_grad``, ``prev_loss``. Mirrors
    ``torch.optim.LBFGS``.

    >>> import gradlib
    >>> w = gradlib.nn.Parameter(gradlib.tensor([3.0, -2.0], dtype=gradlib.float64))
    >>> opt = gradlib.optim.LBFGS([w], line_search_fn="strong_wolfe")
    >>> def closure():
    ...     opt.zero_grad()
    ...     loss = ((w - 1) ** 2).sum()
    ...     loss.backward()
    ...     return loss
    >>> _ = opt.step(closure)
    >>> [round(v, 6) for v in w.tolist()]
    [1.0, 1.0]
    """

    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        optimizer.check_nonnegative(lr=lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        super().__init__(params, dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                                      tolerance_change=tolerance_change, history_size=history_size,
                                      line_search_fn=line_search_fn))
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def _gather_flat_grad(self):
        views = []
        for p in self._params:
            if p.grad is None:
                views.append(_creation.zeros(p.numel(), dtype=p.dtype, device=p.device))
            elif p.grad.is_sparse:  # nn.Embedding(sparse=True): densified, as PyTorch's
                views.append(p.grad.to_dense().reshape(-1))
            else:
                views.append(p.grad.reshape(-1))
            if views[-1].is_complex():  # PyTorch's: the real view, real and imaginary parts as two reals
                views[-1] = view_as_real(views[-1]).reshape(-1)
        return cat(views, 0)

    def _add_grad(self, step_size, update):
        offset = 0
        for p in self._params:
            if p.is_complex():
                p = view_as_real(p)
            count = p.numel()
            p.add_(update[offset:offset + count].view_as(p), alpha=step_size)
            offset += count

    def _directional_evaluate(self, closure, x, t, d):
        self._add_grad(t, d)
        loss = float(closure())
        flat_grad = self._gather_flat_grad()
        for p, saved in zip(self._params, x):
            p.copy_(saved)
        return loss, flat_grad

    def _advance(self, evaluate, d, t, loss, flat_grad, gtd, last, max_ls):
        """Move the parameters along ``d``: by ``t`` (re-evaluating unless ``last``), or by the step the
        strong-Wolfe search finds. Returns (loss, flat gradient, t, evaluations, optimal)."""
        group = self.param_groups[0]
        tolerance_grad = group["tolerance_grad"]
        line_search_fn = group["line_search_fn"]
        if line_search_fn is not None:
            if line_search_fn != "strong_wolfe":
                raise RuntimeError("only 'strong_wolfe' is supported")
            x_init = [p.clone() for p in self._params]

            def directional(x, step, direction):
                return self._directional_evaluate(evaluate, x, step, direction)

            loss, flat_grad, t, evaluations = _strong_wolfe(directional, x_init, t, d, loss, flat_grad, gtd,
                                                            max_ls=max_ls)
            self._add_grad(t, d)
            return loss, flat_grad, t, evaluations, flat_grad.abs().max().item() <= tolerance_grad
        self._add_grad(t, d)
        if last:
            return loss, flat_grad, t, 0, False
        loss = float(evaluate())
        flat_grad = self._gather_flat_grad()
        return loss, flat_grad, t, 1, flat_grad.abs().max().item() <= tolerance_grad

    def step(self, closure):
        """One optimization step (up to ``max_iter`` L-BFGS iterations); returns the first loss ``closure``
        gave."""
        with autograd.no_grad():
            return self._step(closure)

    def _step(self, closure):
        group = self.param_groups[0]
        lr = group["lr"]
        max_iter, max_eval = group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        history_size = group["history_size"]

        def evaluate():
            with autograd.enable_grad():
                return closure()

        state = self.state.setdefault(self._params[0], {})
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        orig_loss = evaluate()
        loss = float(orig_loss)
        current_evals = 1
        state["func_evals"] += 1
        flat_grad = self._gather_flat_grad()
        if flat_grad.abs().max().item() <= tolerance_grad:
            return orig_loss

        d, t = state.get("d"), state.get("t")
        old_dirs, old_stps, ro = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
        H_diag = state.get("H_diag")
        prev_flat_grad, prev_loss = state.get("prev_flat_grad"), state.get("prev_loss")
        n_iter = 0
        first_step_scaled = False
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                d = flat_grad.neg()
                old_dirs, old_stps, ro = [], [], []
                H_diag = 1
            else:
                if "al" not in state:
                    state["al"] = [None] * history_size
                d, H_diag = _two_loop_direction(flat_grad, prev_flat_grad, d, t, (old_dirs, old_stps, ro), H_diag,
                                                history_size, state["al"])
            if prev_flat_grad is None:
                prev_flat_grad = flat_grad.clone()
            else:
                prev_flat_grad.copy_(flat_grad)
            prev_loss = loss
            if state["n_iter"] == 1:
                # PyTorch's min(1., 1. / |g|.sum()) * lr: a 0-d tensor of the parameters' dtype where 1 / |g|.sum()
                # is below 1 (its value, rounded in that dtype, the step length)
                inverse = 1.0 / flat_grad.abs().sum()
                first_step_scaled = bool(inverse < 1.0)
                t = (inverse * lr).item() if first_step_scaled else 1.0 * lr
            else:
                t = lr
            gtd = flat_grad.dot(d).item()
            if gtd > -tolerance_change:  # not a descent direction
                break

            last = n_iter == max_iter
            loss, flat_grad, t, evaluations, optimal = self._advance(evaluate, d, t, loss, flat_grad, gtd, last,
                                                                     max_eval - current_evals)
            current_evals += evaluations
            state["func_evals"] += evaluations
            if n_iter == max_iter or current_evals >= max_eval or optimal:
                break
            if d.mul(t).abs().max().item() <= tolerance_change:
                break
            if abs(loss - prev_loss) < tolerance_change:
                break

        if state["n_iter"] == 1 and first_step_scaled and isinstance(t, float):
            # PyTorch's first step length stays the 0-d tensor min(1., 1. / |g|.sum()) * lr made of
            t = _creation.full((), t, dtype=flat_grad.dtype, device=flat_grad.device)
        state["d"], state["t"] = d, t
        state["old_dirs"], state["old_stps"], state["ro"] = old_dirs, old_stps, ro
        state["H_diag"] = H_diag
        state["prev_flat_grad"], state["prev_loss"] = prev_flat_grad, prev_loss
        return orig_loss
