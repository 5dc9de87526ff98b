"""``gradlib.func``: PyTorch's composable function transforms (``torch.func``) on gradlib's autograd.

``grad``, ``grad_and_value``, ``vjp``, ``jvp``, ``linearize``, ``jacrev``, ``jacfwd``, ``hessian`` (in ``_transforms``: built on
``autograd.grad``, forward mode by the double-vjp trick, jacfwd column by column in ``_forward``), ``vmap`` (in
``_vmap``: runs the function once on batched tensors, ``_batched``, with the ops' batching rules in
``_batch_rules``), ``functional_call`` and ``stack_module_state`` (in ``_functional_call``). They
compose: ``vmap(grad(loss))`` gives per-sample gradients, ``jacfwd(jacrev(f))`` a Hessian,
``vmap(functional_call)`` over ``stack_module_state`` an ensemble.

>>> import gradlib
>>> from gradlib.func import functional_call, grad, vmap
>>> model = gradlib.nn.Linear(2, 1)
>>> params = {"weight": gradlib.tensor([[1., -1.]]), "bias": gradlib.tensor([0.])}
>>> def loss(params, x, y):
...     return ((functional_call(model, params, (x,)) - y) ** 2).sum()
>>> x, y = gradlib.tensor([[1., 2.], [3., 0.]]), gradlib.tensor([[0.], [1.]])
>>> per_sample = vmap(grad(loss), in_dims=(None, 0, 0))(params, x, y)
>>> per_sample["weight"]
tensor([[[-2., -4.]],
<BLANKLINE>
        [[12.,  0.]]])
"""
from ._functional_call import functional_call, stack_module_state
from ._transforms import grad, grad_and_value, hessian, jacfwd, jacrev, jvp, linearize, vjp
from ._vmap import vmap

__all__ = ["functional_call", "stack_module_state", "grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev",
           "jacfwd", "hessian", "vmap"]
