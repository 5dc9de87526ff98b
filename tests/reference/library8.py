"""torch.library custom operators (issue 15, library8): one program written for gradlib and PyTorch.

``run(lib)`` defines custom ops in namespace ``lib8`` the way PyTorch's "Custom Python Operators" tutorial does
(``custom_op`` with annotations, ``register_fake``, ``register_autograd``, ``opcheck``, mutable ops,
``torch.ops.lib8.<name>``, ``torch.compile(fullgraph=True)``) and returns what a program can observe: values,
gradients, schemas, names, reprs, and the class and message of every error. ``python
tests/reference/record_torch.py library8`` writes ``torch_library8.json``; tests/test_library8.py demands gradlib
give the same.
"""
import json
import pathlib
import typing
from typing import Optional, Sequence


def _text(value, lib):
    return str(value).replace(lib.__name__ + ".", "torch.").replace(f"'{lib.__name__}'", "'torch'")


def _error(call, lib, keep=None):
    try:
        call()
    except Exception as error:  # the class and message are the spec
        message = _text(error, lib)
        return [type(error).__name__, message if keep is None else keep(message)]
    return None


def _tutorial(lib, out):
    Tensor = lib.Tensor

    @lib.library.custom_op("lib8::crop", mutates_args=())
    def crop(pic: Tensor, box: Sequence[int]) -> Tensor:
        x0, y0, x1, y1 = box
        return pic[..., y0:y1, x0:x1].clone()

    @crop.register_fake
    def _(pic, box):
        x0, y0, x1, y1 = box
        return pic.new_empty(pic.shape[0], y1 - y0, x1 - x0)

    def setup_context(ctx, inputs, output):
        ctx.pic_shape = inputs[0].shape
        ctx.box = inputs[1]

    def backward(ctx, grad_output):
        result = grad_output.new_zeros(ctx.pic_shape)
        x0, y0, x1, y1 = ctx.box
        result[..., y0:y1, x0:x1] = grad_output
        return result, None

    crop.register_autograd(backward, setup_context=setup_context)
    pic = lib.arange(60.).reshape(3, 4, 5).requires_grad_()
    y = crop(pic, (1, 1, 3, 4))
    out["crop"] = y.tolist()
    out["crop_grad_fn"] = type(y.grad_fn).__name__
    out["crop_next"] = [type(node).__name__ for node, _ in y.grad_fn.next_functions]
    (y * lib.arange(18.).reshape(3, 3, 2)).sum().backward()
    out["crop_grad"] = pic.grad.tolist()
    via_ops = lib.ops.lib8.crop(pic, (0, 0, 2, 2))
    out["ops_crop"] = [via_ops.tolist(), type(via_ops.grad_fn).__name__]
    out["ops_default"] = lib.ops.lib8.crop.default(pic.detach(), box=(0, 0, 1, 1)).tolist()
    packet = lib.ops.lib8.crop
    out["names"] = [repr(crop), str(packet), repr(packet), str(packet.default), repr(packet.default),
                    packet.default.name(), packet.default.__name__, packet.overloads(),
                    str(packet.default._schema), packet._qualified_op_name, _text(lib.ops.lib8, lib),
                    type(lib.ops.lib8).__name__]
    out["no_grad_call"] = crop(lib.ones(1, 2, 2), [0, 0, 1, 1]).requires_grad
    out["opcheck"] = lib.library.opcheck(crop, (lib.randn(3, 4, 5, requires_grad=True), (1, 1, 3, 4)))
    meta = crop(lib.empty(3, 8, 8, device="meta"), (0, 0, 3, 2))
    out["meta"] = [list(meta.shape), str(meta.device)]
    compiled = lib.compile(crop, fullgraph=True)
    out["compiled"] = compiled(lib.arange(12.).reshape(1, 3, 4), (1, 0, 3, 2)).tolist()

    @lib.compile(fullgraph=True)
    def model(x):
        return crop(x * 2, (0, 0, 2, 2)).sum()
    x = lib.ones(2, 3, 3, requires_grad=True)
    model(x).backward()
    out["compiled_grad"] = x.grad.tolist()


def _mutable(lib, out):
    Tensor = lib.Tensor

    @lib.library.custom_op("lib8::sin_out", mutates_args={"out"})
    def sin_out(x: Tensor, out: Tensor) -> None:
        out.copy_(x * 2 + 1)

    x, result = lib.tensor([0.0, 1.0, 2.0]), lib.zeros(3)
    out["mutable_returns"] = repr(sin_out(x, result))
    out["mutable_out"] = result.tolist()
    out["mutable_schema"] = str(lib.ops.lib8.sin_out.default._schema)
    out["mutable_opcheck"] = lib.library.opcheck(sin_out, (x, lib.zeros(3)))

    @lib.library.custom_op("lib8::sneaky", mutates_args=())
    def sneaky(x: Tensor) -> Tensor:
        x.add_(1)
        return x.clone()

    sneaky.register_fake(lambda x: lib.empty_like(x))
    out["undeclared_mutation"] = _error(lambda: lib.library.opcheck(sneaky, (lib.zeros(2),)), lib)
    out["opcheck_one"] = lib.library.opcheck(sneaky, (lib.zeros(2),), test_utils="test_faketensor")


def _schemas(lib, out):
    Tensor = lib.Tensor

    def many(x: Tensor, y: float, n: int = 2, flag: bool = False, name: str = "a", opt: Optional[Tensor] = None,
             dt: lib.dtype = lib.float32, dev: Optional[lib.device] = None) -> typing.Tuple[Tensor, Tensor]:
        return x * y, x + n

    def lists(xs: typing.List[Tensor], maybe: Sequence[Optional[Tensor]], sizes: Optional[Sequence[int]],
              floats: list[float], scalar: typing.Union[int, float, bool], *, keyword: bool = True) -> list[Tensor]:
        return [x * scalar if keyword else x + scalar for x in xs]

    def nothing(x: Tensor, y: Tensor) -> None:
        pass

    def numbers(x: Tensor) -> typing.Tuple[int, float, bool]:
        return 1, 2.0, True

    def bad_dict(x: Tensor, d: dict) -> Tensor:
        return x

    def bad_default(x: Tensor, sizes: Sequence[int] = (1, 2)) -> Tensor:
        return x

    def no_annotation(x):
        return x

    def no_return(x: Tensor):
        return x

    def bad_string(x: "Optional[Tensor]") -> Tensor:
        return x

    infer = lib.library.infer_schema
    lib.library.custom_op("lib8::many", many, mutates_args=())
    lib.library.custom_op("lib8::lists", lists, mutates_args=())
    out["registered_many"] = str(lib.ops.lib8.many.default._schema)
    out["registered_lists"] = str(lib.ops.lib8.lists.default._schema)
    first, second = lib.ops.lib8.many(lib.tensor([1.0, 2.0]), 3.0, n=5)
    out["call_many"] = [first.tolist(), second.tolist()]
    out["call_lists"] = [t.tolist() for t in lib.ops.lib8.lists([lib.ones(1)], [None], None, [1.0], 2,
                                                                keyword=False)]
    out["schema_many"] = infer(many, mutates_args=())
    out["schema_lists"] = infer(lists, mutates_args=())
    out["schema_nothing_unknown"] = infer(nothing, mutates_args="unknown")
    out["schema_nothing_named"] = infer(nothing, mutates_args=["y"], op_name="lib8::nothing")
    out["schema_numbers"] = infer(numbers, mutates_args=())
    before_types = (lambda message: message.partition(" The valid types are")[0])
    out["error_dict"] = _error(lambda: infer(bad_dict, mutates_args=()), lib, before_types)
    out["error_default"] = _error(lambda: infer(bad_default, mutates_args=()), lib)
    out["error_no_annotation"] = _error(lambda: infer(no_annotation, mutates_args=()), lib)
    out["error_no_return"] = _error(lambda: infer(no_return, mutates_args=()), lib)
    out["error_mutates_missing"] = _error(lambda: infer(nothing, mutates_args={"z"}), lib)
    out["error_mutates_float"] = _error(lambda: infer(many, mutates_args={"y"}), lib)
    out["error_string_annotation"] = _error(lambda: infer(bad_string, mutates_args=()), lib,
                                            lambda message: message.partition(" It is not a type")[0])
    out["error_no_namespace"] = _error(lambda: lib.library.custom_op("crop", mutates_args=())(nothing), lib)
    out["error_two_namespaces"] = _error(lambda: lib.library.custom_op("a::b::c", mutates_args=())(nothing), lib)
    out["error_bad_name_class"] = _error(lambda: lib.library.custom_op("my lib::c", mutates_args=())(nothing),
                                         lib, lambda message: None)
    out["error_no_mutates"] = _error(lambda: lib.library.custom_op("lib8::x")(nothing), lib)


def _autograd(lib, out):
    Tensor = lib.Tensor

    @lib.library.custom_op("lib8::scale", mutates_args=())
    def scale(x: Tensor, k: float) -> Tensor:
        return x * k

    x = lib.tensor([1.0, -2.0], requires_grad=True)
    y = scale(x, 3.0)
    out["unregistered"] = [y.requires_grad, type(y.grad_fn).__name__,
                           _error(lambda: y.sum().backward(), lib)]
    out["no_grad_mode"] = lib.no_grad()(lambda: scale(x, 2.0).requires_grad)()

    def setup_context(ctx, inputs, output):
        ctx.k = inputs[1]

    lib.library.register_autograd("lib8::scale", lambda ctx, g: g * ctx.k, setup_context=setup_context)
    out["too_few_grads"] = _error(lambda: scale(x, 3.0).sum().backward(), lib)
    scale.register_autograd(lambda ctx, g: (g * ctx.k, 1.0), setup_context=setup_context)
    out["grad_for_float"] = _error(lambda: scale(x, 3.0).sum().backward(), lib)
    scale.register_autograd(lambda ctx, g: (g * ctx.k, None), setup_context=setup_context)
    scale(x, 3.0).sum().backward()
    out["scale_grad"] = x.grad.tolist()

    @lib.library.custom_op("lib8::same", mutates_args=())
    def same(x: Tensor) -> Tensor:
        return x

    out["alias"] = _error(lambda: same(lib.ones(2)), lib, lambda message: message.partition(": ")[2][:120])
    @lib.library.custom_op("lib8::first", mutates_args=())
    def first(xs: typing.List[Tensor]) -> Tensor:
        return xs[0][1:]

    out["alias_in_list"] = _error(lambda: first([lib.ones(3)]), lib, lambda message: message.partition(": ")[2][:60])
    out["no_fake"] = _error(lambda: scale(lib.ones(2, device="meta"), 2.0), lib)

    @lib.library.custom_op("lib8::wrong_fake", mutates_args=())
    def wrong_fake(x: Tensor) -> Tensor:
        return x.sum(0)

    lib.library.register_fake("lib8::wrong_fake")(lambda x: x.new_empty(x.shape))
    out["fake_mismatch"] = _error(lambda: lib.library.opcheck(wrong_fake, (lib.ones(2, 3),)), lib)
    checked = lib.library.opcheck(wrong_fake, (lib.ones(2, 3),), raise_exception=False)
    out["fake_mismatch_results"] = {key: value if value == "SUCCESS" else "failed" for key, value in checked.items()}
    out["bad_test_utils"] = _error(lambda: lib.library.opcheck(wrong_fake, (lib.ones(2),), test_utils="bogus"), lib)
    out["no_fake_opcheck"] = _error(lambda: lib.library.opcheck(same, (lib.ones(2),),
                                                                test_utils=("test_faketensor",)), lib)
    @lib.library.custom_op("lib8::mul", mutates_args=())
    def mul(x: Tensor, y: Tensor) -> Tensor:
        return x * y

    seen = []

    def mul_setup(ctx, inputs, output):
        ctx.save_for_backward(*inputs)

    def mul_backward(ctx, grad):
        x, y = ctx.saved_tensors
        seen.append(list(ctx.needs_input_grad))
        return grad * y if ctx.needs_input_grad[0] else None, grad * x if ctx.needs_input_grad[1] else None

    mul.register_autograd(mul_backward, setup_context=mul_setup)
    a, b = lib.tensor([1.0, 2.0], requires_grad=True), lib.tensor([3.0, 4.0])
    mul(a, b).sum().backward()
    b.requires_grad_()
    lib.ops.lib8.mul(a, b).sum().backward()
    out["mul_grads"] = [a.grad.tolist(), b.grad.tolist(), seen]
    out["unknown_op"] = _error(lambda: lib.ops.lib8.nothing, lib)


def run(lib):
    """Everything observable, as JSON-ready values."""
    out = {}
    for part in (_tutorial, _mutable, _schemas, _autograd):
        part(lib, out)
    return json.loads(json.dumps(out, default=str))


def record():
    import torch
    path = pathlib.Path(__file__).resolve().parent / "torch_library8.json"
    path.write_text(json.dumps(run(torch), indent=1, sort_keys=True) + "\n")
    print(f"wrote {path.name}")
