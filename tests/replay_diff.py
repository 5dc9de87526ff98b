"""A differential harness for gradlib.graphs: the same training step run eagerly and captured + replayed must
give the same bits (loss, parameters, buffers, .grad, optimizer state, the generator's state) after every step.

``build(device)`` makes one copy of the experiment and returns a ``Case``; ``differ(device, build)`` builds it
twice from the same seed, runs ``steps`` steps eagerly on one copy and warm-up + capture + replays on the other
(each step's batch copied into the static inputs first), and returns the first difference found (None if all
bits agree).
"""
import dataclasses
import typing

import numpy as np

import gradlib


@dataclasses.dataclass
class Case:
    step: typing.Callable          # one training step; returns the loss (a tensor)
    inputs: list                   # static input tensors, filled by copy_ before each step
    batch: typing.Callable         # batch(i) -> list of NumPy arrays, one per static input
    modules: list = dataclasses.field(default_factory=list)
    optimizers: list = dataclasses.field(default_factory=list)
    between: typing.Callable = None  # between(i): run after step i in both runs (schedulers, hand edits)


def _host(value):
    if isinstance(value, gradlib.Tensor):
        if value.layout is not gradlib.strided:  # a sparse .grad (Embedding(sparse=True))
            value = value.to_dense()
        if value.dtype is gradlib.bfloat16:  # NumPy holds no bfloat16: float32 holds each one exactly
            value = value.float()
        return value.detach().cpu().numpy().copy()
    return value


def snapshot(case, loss):
    """Every value the step may change, as host values, by name."""
    state = {"loss": _host(loss), "rng": _host(gradlib.random.get_rng_state())}
    for number, module in enumerate(case.modules):
        for name, value in module.state_dict().items():
            state[f"module{number}.{name}"] = _host(value)
        for name, param in module.named_parameters():
            state[f"module{number}.{name}.grad"] = _host(param.grad)
    for number, optimizer in enumerate(case.optimizers):
        packed = optimizer.state_dict()
        for index, values in packed["state"].items():
            for key, value in values.items():
                state[f"optim{number}.state.{index}.{key}"] = _host(value)
        for index, group in enumerate(packed["param_groups"]):
            for key, value in group.items():
                state[f"optim{number}.group{index}.{key}"] = value
    return state


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()  # bits: NaN, -0.
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return type(a) is type(b) and a == b


def differ(device, build, steps=5, seed=0):
    """The first difference between the eager and the replayed run (a message), or None."""
    runs = []
    for replay in (False, True):
        gradlib.manual_seed(seed)
        case = build(device)
        history = []
        graph = None
        for i in range(steps):
            for tensor, array in zip(case.inputs, case.batch(i)):
                tensor.copy_(gradlib.tensor(array, device=device))
            if not replay or i == 0:
                loss = case.step()
            elif i == 1:
                graph = gradlib.graphs.StepGraph()
                with gradlib.graphs.graph(graph):
                    loss = case.step()
            else:
                graph.replay()
            history.append(snapshot(case, loss))
            if case.between is not None:
                case.between(i)
        runs.append(history)
    for i, (eager, replayed) in enumerate(zip(*runs)):
        for name in eager.keys() | replayed.keys():
            if name not in eager or name not in replayed or not _same(eager[name], replayed[name]):
                bad = sorted(n for n in eager.keys() | replayed.keys() if n not in eager or n not in replayed or not _same(eager[n], replayed[n]))
                return f"step {i}: {bad}: eager {eager.get(name)!r} != replayed {replayed.get(name)!r}"
    return None
