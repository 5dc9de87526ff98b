"""gradlib.graphs against eager mode, class by class (tests/replay_diff.py): every optimizer and option, schedulers
and hand edits between replays, the common layers and losses, random samplers (fresh draws at each replay, in
eager mode's order) and value-dependent work (replayed exactly, or refused at capture with a message naming it);
then gradlib.cuda.graph / make_graphed_callables on the same models, within float tolerance."""
import numpy as np
import pytest

import gradlib
from gradlib import nn, optim
from gradlib.optim import lr_scheduler
from replay_diff import Case, differ

F = nn.functional


def _classifier(make_model, make_optimizer, xshape, *, loss=F.cross_entropy, target="class", classes=3,
                integer_input=False, zero_to_none=True, twice=False, clip=None, between=None):
    """A case training ``make_model()`` with ``make_optimizer(parameters)`` on random batches."""
    def build(device):
        model = make_model().to(device)
        optimizer = make_optimizer([p for p in model.parameters() if p.requires_grad])
        x = gradlib.zeros(*xshape, dtype=gradlib.int64 if integer_input else gradlib.float32, device=device)
        yshape = (xshape[0],) if target == "class" else (xshape[0], classes)
        y = gradlib.zeros(*yshape, dtype=gradlib.int64 if target == "class" else gradlib.float32, device=device)

        def step():
            optimizer.zero_grad(set_to_none=zero_to_none)
            value = loss(model(x), y)
            value.backward()
            if twice:  # gradients accumulated over two backward calls
                loss(model(x * 2 if not integer_input else x), y).backward()
            if clip is not None:
                clip(model.parameters())
            optimizer.step()
            return value

        rng = np.random.default_rng(5)

        def batch():
            inputs = (rng.integers(0, classes, xshape) if integer_input
                      else rng.standard_normal(xshape).astype(np.float32))
            if target == "class":
                return [inputs, rng.integers(0, classes, yshape)]
            return [inputs, rng.random(yshape).astype(np.float32)]

        data = [batch() for _ in range(8)]
        case = Case(step, [x, y], lambda i: data[i], [model], [optimizer])
        if between is not None:
            case.between = lambda i: between(optimizer, i)
        return case

    return build


def _mlp():
    return nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 3))


# ----- optimizers ---------------------------------------------------------------------------------------------------
OPTIMIZERS = {
    "SGD": lambda p: optim.SGD(p, lr=0.1),
    "SGD momentum dampening": lambda p: optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.3),
    "SGD nesterov decay maximize": lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1,
                                                       maximize=True),
    "Adam": lambda p: optim.Adam(p, lr=0.01),
    "Adam amsgrad maximize decay": lambda p: optim.Adam(p, lr=0.01, amsgrad=True, maximize=True, weight_decay=0.1),
    "AdamW amsgrad": lambda p: optim.AdamW(p, lr=0.01, amsgrad=True),
    "Adagrad": lambda p: optim.Adagrad(p, lr=0.1, lr_decay=0.1, weight_decay=0.1),
    "Adadelta": lambda p: optim.Adadelta(p, lr=1.0, weight_decay=0.1),
    "Adamax": lambda p: optim.Adamax(p, lr=0.01, weight_decay=0.1),
    "NAdam": lambda p: optim.NAdam(p, lr=0.01, momentum_decay=0.004),
    "NAdam decoupled": lambda p: optim.NAdam(p, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
    "RAdam": lambda p: optim.RAdam(p, lr=0.01),  # rectified from step 6 on: decided at each replay
    "RAdam decoupled": lambda p: optim.RAdam(p, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
    "RMSprop": lambda p: optim.RMSprop(p, lr=0.01),
    "RMSprop centered momentum": lambda p: optim.RMSprop(p, lr=0.01, centered=True, momentum=0.5, weight_decay=0.1),
    "Rprop": lambda p: optim.Rprop(p, lr=0.01),
    "ASGD": lambda p: optim.ASGD(p, lr=0.01, t0=2),
    "Adam capturable": lambda p: optim.Adam(p, lr=0.01, capturable=True),
}
VARIANTS = {
    "plain": {},
    "zero_grad in place": {"zero_to_none": False},
    "two backward calls": {"twice": True},
    "clip_grad_norm_": {"clip": lambda params: nn.utils.clip_grad_norm_(params, 0.1)},
    "clip_grad_value_": {"clip": lambda params: nn.utils.clip_grad_value_(params, 0.01)},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_optimizer_replays_equal_eager(device, name, variant):
    assert differ(device, _classifier(_mlp, OPTIMIZERS[name], (4, 6), **VARIANTS[variant]), steps=8) is None


@pytest.mark.parametrize("name", ["SGD momentum dampening", "Adam", "RMSprop"])
def test_param_groups_with_their_own_lr(device, name):
    def make(params):
        params = list(params)
        return OPTIMIZERS[name]([{"params": params[:2], "lr": 0.02}, {"params": params[2:]}])

    assert differ(device, _classifier(_mlp, make, (4, 6)), steps=6) is None


def _scheduled(make_scheduler):
    schedulers = {}

    def between(optimizer, i):
        scheduler = schedulers.setdefault(id(optimizer), make_scheduler(optimizer))
        if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
            scheduler.step(1.0 if i % 2 else 2.0)
        else:
            scheduler.step()

    return between


def _by_hand(optimizer, i):
    for group in optimizer.param_groups:
        group["lr"] *= 0.5
        group["weight_decay"] = 0.01 * (i + 1)
        if "betas" in group:
            group["betas"] = (0.8 + 0.01 * i, 0.99)
        if group.get("momentum"):
            group["momentum"] = 0.5 + 0.05 * i


SCHEDULES = {
    "StepLR": _scheduled(lambda o: lr_scheduler.StepLR(o, 2, gamma=0.5)),
    "OneCycleLR": _scheduled(lambda o: lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=20)),
    "CosineAnnealingWarmRestarts": _scheduled(lambda o: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=3)),
    "ReduceLROnPlateau": _scheduled(lambda o: lr_scheduler.ReduceLROnPlateau(o, patience=0)),
    "by hand": _by_hand,
}


@pytest.mark.parametrize("schedule", list(SCHEDULES))
@pytest.mark.parametrize("name", ["SGD momentum dampening", "Adam", "NAdam", "RMSprop centered momentum"])
def test_hyperparameters_changed_between_replays_are_read_by_each_replay(device, name, schedule):
    build = _classifier(_mlp, OPTIMIZERS[name], (4, 6), between=SCHEDULES[schedule])
    assert differ(device, build, steps=8) is None


@pytest.mark.parametrize("name", ["SGD momentum dampening", "Adam amsgrad maximize decay", "RMSprop centered momentum",
                                  "Adagrad", "NAdam"])
def test_optimizer_state_loaded_between_replays_is_the_one_updated(device, name):
    # the replay updated the state dicts of the capture, which load_state_dict had replaced (before replay15)
    def reload(optimizer, i):
        optimizer.load_state_dict(optimizer.state_dict())

    assert differ(device, _classifier(_mlp, OPTIMIZERS[name], (4, 6), between=reload), steps=6) is None


@pytest.mark.parametrize("make, named", [
    (lambda o: lr_scheduler.StepLR(o, 1, gamma=0.5), "StepLR"),
    (lambda o: lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=20), "OneCycleLR"),
    (lambda o: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=3), "CosineAnnealingWarmRestarts"),
    (lambda o: lr_scheduler.ReduceLROnPlateau(o, patience=0), "ReduceLROnPlateau"),
    (lambda o: lr_scheduler.ChainedScheduler([lr_scheduler.ExponentialLR(o, 0.9)]), "ChainedScheduler"),
])
def test_a_scheduler_stepped_inside_the_captured_step_is_refused(device, make, named):
    # before replay15 the capture took the lr it set, and every replay kept it (eager mode lowers it each step)
    model = nn.Linear(4, 3).to(device)
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = make(optimizer)
    x = gradlib.zeros(6, 4, device=device)

    def step():
        optimizer.zero_grad()
        model(x).pow(2).sum().backward()
        optimizer.step()
        if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
            scheduler.step(1.0)
        else:
            scheduler.step()

    step()
    with pytest.raises(RuntimeError, match=f"gradlib.graphs: {named}.step\\(\\) cannot be captured"):
        with gradlib.graphs.graph(gradlib.graphs.StepGraph()):
            step()


def test_lbfgs_and_sparse_gradients_are_refused_naming_them(device):
    with pytest.raises(RuntimeError, match=r"Tensor\.item\(\)"):  # LBFGS reads the loss into Python
        def lbfgs(params):
            return _ClosureLBFGS(params)
        differ(device, _classifier(_mlp, lbfgs, (4, 6)), steps=3)
    for make in (lambda p: optim.SparseAdam(p, lr=0.1), lambda p: optim.SGD(p, lr=0.1),
                 lambda p: optim.Adagrad(p, lr=0.1)):
        embedding = nn.Embedding(6, 3, sparse=True).to(device)
        optimizer = make(embedding.parameters())
        x = gradlib.tensor([0, 1, 2, 3], device=device)

        def step():
            optimizer.zero_grad()
            embedding(x).pow(2).sum().backward()
            optimizer.step()

        step()
        with pytest.raises(RuntimeError, match=r"a sparse gradient \(EmbeddingBackward0"):
            with gradlib.graphs.graph(gradlib.graphs.StepGraph()):
                step()


class _ClosureLBFGS(optim.LBFGS):
    """LBFGS driven by the harness's ``step()``: ``zero_grad``/backward happen in the closure."""

    def __init__(self, params):
        super().__init__(params, lr=0.1, max_iter=3)

    def step(self, closure=None):
        return super().step(lambda: gradlib.zeros(()) if closure is None else closure())


# ----- models and losses ----------------------------------------------------------------------------------------------
class _Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 3, 3, padding=1)
        self.norm = nn.BatchNorm2d(3)
        self.conv2 = nn.Conv2d(3, 3, 3, padding=1, bias=False)
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        h = self.conv2(F.relu(self.norm(self.conv1(x)))) + x
        return self.fc(F.adaptive_avg_pool2d(h, 1).flatten(1))


class _Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(5, 4, padding_idx=0)
        self.out = nn.Linear(4, 5, bias=False)
        self.out.weight = self.embedding.weight

    def forward(self, x):
        return self.out(self.embedding(x)).mean(1)


class _UsedTwiceAndFrozen(nn.Module):
    def __init__(self):
        super().__init__()
        self.shared = nn.Linear(4, 4)
        self.frozen = nn.Linear(4, 4)
        self.frozen.weight.requires_grad_(False)
        self.out = nn.Linear(4, 3)

    def forward(self, x):
        return self.out(F.gelu(self.frozen(self.shared(F.relu(self.shared(x))))))


class _Recurrent(nn.Module):
    def __init__(self, kind):
        super().__init__()
        self.rnn = getattr(nn, kind)(4, 5, batch_first=True, num_layers=2)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        return self.fc(self.rnn(x)[0][:, -1])


class _Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = nn.MultiheadAttention(4, 2, batch_first=True, dropout=0.1)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return self.fc(self.attention(x, x, x)[0].mean(1))


class _InPlace(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 8)
        self.b = nn.Linear(8, 3)

    def forward(self, x):
        h = self.a(x) * 1
        h += 1
        h.mul_(0.5)
        h = F.relu(h, inplace=True)
        return self.b(F.dropout(h * 1, 0.3, inplace=True))


def _weighted_ce(out, y):
    weight = gradlib.tensor([1.0, 2.0, 3.0], device=out.device)
    return F.cross_entropy(out, y, weight=weight, ignore_index=1, label_smoothing=0.1)


MODELS = {
    "relu": (lambda: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), (6, 4), {}),
    "gelu tanh": (lambda: nn.Sequential(nn.Linear(4, 8), nn.GELU("tanh"), nn.Linear(8, 3)), (6, 4), {}),
    "sigmoid": (lambda: nn.Sequential(nn.Linear(4, 8), nn.Sigmoid(), nn.Linear(8, 3)), (6, 4), {}),
    "conv1d stride dilation maxpool": (lambda: nn.Sequential(
        nn.Conv1d(2, 4, 3, stride=2, padding=1, dilation=2), nn.ReLU(), nn.MaxPool1d(2), nn.Flatten(),
        nn.Linear(8, 3)), (3, 2, 12), {}),
    "conv2d groups dilation no bias avgpool": (lambda: nn.Sequential(
        nn.Conv2d(4, 4, 3, stride=2, padding=2, groups=2, dilation=2, bias=False), nn.ReLU(), nn.AvgPool2d(2),
        nn.Flatten(), nn.Linear(16, 3)), (2, 4, 8, 8), {}),
    "conv2d batchnorm maxpool adaptive": (lambda: nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.AdaptiveAvgPool2d(1),
        nn.Flatten(), nn.Linear(4, 3)), (4, 1, 6, 6), {}),
    "batchnorm1d cumulative": (lambda: nn.Sequential(
        nn.Linear(4, 8), nn.BatchNorm1d(8, momentum=None), nn.ReLU(), nn.Linear(8, 3)), (6, 4), {}),
    "layernorm groupnorm": (lambda: nn.Sequential(
        nn.Linear(4, 8), nn.LayerNorm(8), nn.Unflatten(1, (8, 1)), nn.GroupNorm(2, 8), nn.Flatten(),
        nn.Linear(8, 3)), (6, 4), {}),
    "embedding max_norm": (lambda: nn.Sequential(nn.Embedding(5, 4, max_norm=1.0), nn.Flatten(), nn.Linear(12, 3)),
                           (6, 3), {"integer_input": True}),  # its renormalization of the picked rows was frozen
    "embedding padding_idx": (lambda: nn.Sequential(nn.Embedding(5, 4, padding_idx=0), nn.Flatten(),
                                                    nn.Linear(12, 3)), (6, 3), {"integer_input": True}),
    "dropout alpha_dropout": (lambda: nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 8),
                                                    nn.AlphaDropout(0.3), nn.Linear(8, 3)), (6, 4), {}),
    "dropout2d": (lambda: nn.Sequential(nn.Conv2d(1, 4, 3), nn.Dropout2d(0.5), nn.Flatten(), nn.Linear(16, 3)),
                  (4, 1, 4, 4), {}),
    "LSTM": (lambda: _Recurrent("LSTM"), (3, 5, 4), {}),
    "GRU": (lambda: _Recurrent("GRU"), (3, 5, 4), {}),
    "RNN": (lambda: _Recurrent("RNN"), (3, 5, 4), {}),
    "MultiheadAttention with dropout": (_Attention, (3, 5, 4), {}),
    "residual block": (_Residual, (2, 3, 4, 4), {}),
    "in-place ops and activations": (_InPlace, (6, 4), {}),
    "weight tying": (_Tied, (4, 3), {"integer_input": True, "classes": 5}),
    "parameter used twice, frozen weight": (_UsedTwiceAndFrozen, (6, 4), {}),
    "cross_entropy weight ignore_index smoothing": (lambda: nn.Linear(4, 3), (6, 4), {"loss": _weighted_ce}),
    "nll_loss": (lambda: nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(1)), (6, 4), {"loss": F.nll_loss}),
    "mse_loss": (lambda: nn.Linear(4, 3), (6, 4), {"loss": F.mse_loss, "target": "float"}),
    "l1_loss": (lambda: nn.Linear(4, 3), (6, 4), {"loss": F.l1_loss, "target": "float"}),
    "smooth_l1_loss": (lambda: nn.Linear(4, 3), (6, 4), {"loss": lambda o, y: F.smooth_l1_loss(o, y, beta=0.5),
                                                         "target": "float"}),
    "binary_cross_entropy_with_logits": (lambda: nn.Linear(4, 3), (6, 4), {
        "loss": lambda o, y: F.binary_cross_entropy_with_logits(o, y, pos_weight=gradlib.ones(3, device=o.device)),
        "target": "float"}),
    "kl_div": (lambda: nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(1)), (6, 4), {
        "loss": lambda o, y: F.kl_div(o, y.softmax(1), reduction="batchmean"), "target": "float"}),
}


@pytest.mark.parametrize("optimizer", ["Adam", "SGD momentum dampening"])
@pytest.mark.parametrize("name", list(MODELS))
def test_model_replays_equal_eager(device, name, optimizer):
    make_model, xshape, options = MODELS[name]
    assert differ(device, _classifier(make_model, OPTIMIZERS[optimizer], xshape, **options), steps=6) is None


# ----- half floats ------------------------------------------------------------------------------------------------
def _half(dtype, autocast):
    def build(device):
        model = nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.LayerNorm(32), nn.Linear(32, 5)).to(device)
        if not autocast:
            model = model.to(dtype)
        optimizer = optim.Adam(model.parameters(), lr=0.01)
        x = gradlib.zeros(8, 16, dtype=gradlib.float32 if autocast else dtype, device=device)
        y = gradlib.zeros(8, dtype=gradlib.int64, device=device)

        def step():
            optimizer.zero_grad()
            if autocast:
                with gradlib.autocast(gradlib.device(device).type, dtype=dtype):
                    out = model(x)
            else:
                out = model(x)
            loss = F.cross_entropy(out.float(), y)
            loss.backward()
            optimizer.step()
            return loss

        rng = np.random.default_rng(1)
        data = [[rng.standard_normal((8, 16)), rng.integers(0, 5, 8)] for _ in range(6)]
        return Case(step, [x, y], lambda i: data[i], [model], [optimizer])

    return build


@pytest.mark.parametrize("autocast", [True, False], ids=["autocast", "model.to"])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_float_steps_replay_their_float32_formulas(device, dtype, autocast):
    # before replay15 the replay ran half-float forwards in half (not in float32, rounded once, as Op.apply does)
    # and the recorded backward walk did not widen half gradients as the engine does
    if str(device).startswith("cuda") and dtype == "bfloat16":
        pytest.skip("gradlib has no bfloat16 on CUDA (CuPy has no bfloat16 element type)")
    assert differ(device, _half(getattr(gradlib, dtype), autocast), steps=5) is None


# ----- random samplers and value-dependent work --------------------------------------------------------------------
def _with(body):
    """A case whose loss is ``body(h, x)`` with ``h = Linear(x)`` and ``x`` the static input."""
    def build(device):
        model = nn.Linear(4, 4).to(device)
        optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        x = gradlib.zeros(6, 4, device=device)

        def step():
            optimizer.zero_grad()
            loss = body(model(x), x)
            loss.backward()
            optimizer.step()
            return loss

        rng = np.random.default_rng(5)
        data = [[rng.standard_normal((6, 4)).astype(np.float32)] for _ in range(6)]
        return Case(step, [x], lambda i: data[i], [model], [optimizer])

    return build


SAMPLERS = {  # each drew once at capture and replayed that draw (a silent difference) before replay15
    "multinomial": lambda h, x: h[:, gradlib.multinomial(x.abs()[0] + 0.1, 2)].sum(),
    "multinomial with replacement": lambda h, x: h[:, gradlib.multinomial(x.abs() + 0.1, 3, True)[0]].sum(),
    "randperm": lambda h, x: h[gradlib.randperm(6, device=h.device)].cumsum(0).sum(),
    "bernoulli": lambda h, x: (h * gradlib.bernoulli(gradlib.sigmoid(x))).sum(),
    "bernoulli p": lambda h, x: (h * gradlib.bernoulli(x, 0.3)).sum(),
    "bernoulli_ float": lambda h, x: (h * gradlib.empty_like(h).bernoulli_(0.3)).sum(),
    "bernoulli_ tensor": lambda h, x: (h * gradlib.empty_like(h).bernoulli_(gradlib.sigmoid(x))).sum(),
    "normal_": lambda h, x: (h * gradlib.empty_like(h).normal_()).sum(),
    "uniform_": lambda h, x: (h * gradlib.empty_like(h).uniform_(-1, 1)).sum(),
    "exponential_": lambda h, x: (h * gradlib.empty_like(h).exponential_()).sum(),
    "random_": lambda h, x: (h * gradlib.empty_like(h).random_(0, 5)).sum(),
    "cauchy_ log_normal_ geometric_": lambda h, x: (h * gradlib.empty_like(h).cauchy_().tanh()
                                                    * gradlib.empty_like(h).log_normal_(0.0, 0.1)
                                                    * gradlib.empty_like(h).geometric_(0.5)).sum(),
    "normal(tensor, float)": lambda h, x: (h * gradlib.normal(x, 1.0)).sum(),
    "normal(float, tensor)": lambda h, x: (h * gradlib.normal(0.0, x.abs())).sum(),
    "normal(tensor, tensor)": lambda h, x: (h * gradlib.normal(x, x.abs())).sum(),
    "normal(float, float, size)": lambda h, x: (h * gradlib.normal(0.0, 1.0, size=(6, 4), device=h.device)).sum(),
    "poisson": lambda h, x: (h * gradlib.poisson(x.abs())).sum(),
    "gumbel_softmax": lambda h, x: F.gumbel_softmax(h, hard=True).sum(),
    "normal_ of a tensor in the graph": lambda h, x: (h * 1).normal_().mul(h).sum(),
    "rand_like randn randint rrelu dropout": lambda h, x: (
        F.dropout(F.rrelu(h, training=True), 0.3) * gradlib.rand_like(h) * gradlib.randn(6, 4, device=h.device)
        * gradlib.randint(0, 3, (6, 4), device=h.device)).sum(),
}


@pytest.mark.parametrize("name", list(SAMPLERS))
def test_random_samplers_draw_afresh_at_every_replay_as_eager(device, name):
    assert differ(device, _with(SAMPLERS[name]), steps=5) is None


def _checkpointed(h, x):
    linear = nn.Linear(4, 4).to(h.device)
    return h.sum() + gradlib.utils.checkpoint.checkpoint(lambda t: F.dropout(linear(t) * h, 0.5), x,
                                                         use_reentrant=False).sum()


def _forked(h, x):
    with gradlib.random.fork_rng():
        inside = F.dropout(h, 0.5)
    return (inside * F.dropout(h, 0.5)).sum()


def _state_read_and_restored(h, x):
    state = gradlib.get_rng_state()
    first = gradlib.rand(6, 4)
    gradlib.set_rng_state(state)
    return (h * F.dropout(h, 0.5)).sum() + (first * gradlib.rand(6, 4)).sum()


def _generator_state(h, x):
    generator = gradlib.Generator(h.device).manual_seed(5)  # made and seeded in the step: replayed each time
    state = generator.get_state()
    first = gradlib.rand(6, 4, generator=generator, device=h.device)
    generator.set_state(state)
    second = gradlib.empty(6, 4, device=h.device).normal_(generator=generator)
    return (h * first * second * gradlib.rand(6, 4, generator=generator, device=h.device)).sum()

RNG_STATES = {  # each read or set a generator's state without a record before replay15: replays drew on from there
    "checkpoint (its RNG states restored for the recomputation)": _checkpointed,
    "fork_rng": _forked,
    "manual_seed inside the step": lambda h, x: gradlib.manual_seed(11) and F.dropout(h, 0.5).sum(),
    "get_rng_state / set_rng_state": _state_read_and_restored,
    "Generator get_state / set_state / manual_seed": _generator_state,
}


@pytest.mark.parametrize("name", list(RNG_STATES))
def test_generator_states_read_and_set_in_the_step_are_replayed(device, name):
    if str(device).startswith("cuda") and name == "get_rng_state / set_rng_state":
        pytest.skip("the CPU generator's draws would join the step's GPU tensors by a copy (refused)")
    assert differ(device, _with(RNG_STATES[name]), steps=5) is None


EXACT = {
    "mode": lambda h, x: h.sum() * x.round().mode(1).values.sum(),  # replayed the capture's positions before
    "mode keepdim": lambda h, x: (h * x.round().mode(1, keepdim=True).values).sum(),
    "argmax as an index": lambda h, x: h[gradlib.arange(6, device=h.device), x.argmax(1)].sum(),
    "gather of argmax": lambda h, x: h.gather(1, x.argmax(1, keepdim=True)).sum(),
    "where(cond, a, b)": lambda h, x: gradlib.where(x > 0, h, h * 2).sum(),
    "masked_fill": lambda h, x: h.masked_fill(x > 0, 0.0).sum(),
    "sort indices": lambda h, x: h[:, x.sort(1).indices[:, 0]].sum(),
    "median/nanmedian of every element": lambda h, x: (h * x.nanmedian()).sum() + (h * (h * x).median()).sum(),
    "topk kthvalue median": lambda h, x: h.topk(2, 1).values.sum() + h.kthvalue(2, 1).values.sum() + h.median(),
    "searchsorted isin": lambda h, x: (h[:, gradlib.searchsorted(gradlib.tensor([-1., 0., 1.], device=h.device),
                                                                  x[0, :3])].sum()
                                       + (h * gradlib.isin(x.round(), gradlib.tensor([0.0, 1.0],
                                                                                     device=h.device))).sum()),
    "index_add of argmax": lambda h, x: gradlib.zeros(4, 4, device=h.device).index_add(0, x.argmax(1)[:4],
                                                                                      h[:4]).sum(),
    "masked_scatter": lambda h, x: gradlib.zeros_like(h).masked_scatter(x > 0, h).sum(),
}


@pytest.mark.parametrize("name, value", [
    ("asinh", lambda w, s: gradlib.asinh(w * s) * 1.5),
    ("weight_norm over every dim", lambda w, s: gradlib._weight_norm(w * s, w, -1) * 2),
])
def test_a_0_d_leaf_gradient_is_written_by_every_replay(device, name, value):
    # a 0-d formula's gradient (a NumPy scalar) became .grad outside the records: .grad kept the capture's value
    gradlib.manual_seed(0)
    results = []
    for replay in (False, True):
        w = gradlib.tensor(0.3, dtype=gradlib.float64, device=device, requires_grad=True)
        scale = gradlib.zeros((), dtype=gradlib.float64, device=device)

        def step():
            w.grad = None
            value(w, scale).backward()

        grads = []
        graph = None
        for i in range(4):
            scale.copy_(gradlib.tensor(0.5 + i, dtype=gradlib.float64, device=device))
            if not replay or i == 0:
                step()
            elif graph is None:
                graph = gradlib.graphs.StepGraph()
                with gradlib.graphs.graph(graph):
                    step()
            else:
                graph.replay()
            grads.append(w.grad.item())
        results.append(grads)
    assert results[0] == results[1]


LINALG = {  # their results were computed outside the records and frozen into the replay before replay15
    "pinv": lambda h, x: gradlib.linalg.pinv(h).sum(),
    "pinv hermitian": lambda h, x: gradlib.linalg.pinv(h.mT @ h, hermitian=True).sum(),
    "lstsq": lambda h, x: gradlib.linalg.lstsq(h, x[:, :2]).solution.sum(),
    "matrix_rank": lambda h, x: h.sum() * gradlib.linalg.matrix_rank(x[:3, :3] * (x[:3, :3] > 0)),
}


@pytest.mark.parametrize("name", list(LINALG))
def test_linalg_results_made_outside_their_node_are_replayed(device, name):
    assert differ(device, _with(LINALG[name]), steps=5) is None


@pytest.mark.parametrize("name", list(EXACT))
def test_value_dependent_work_of_fixed_shape_is_replayed_exactly(device, name):
    assert differ(device, _with(EXACT[name]), steps=5) is None


REFUSED = {
    "boolean mask": (lambda h, x: h[h > 0].sum(), "boolean mask indexing"),
    "nonzero": (lambda h, x: h.flatten()[gradlib.nonzero(x.flatten() > 0).flatten()].sum(), r"Nonzero \(nonzero\)"),
    "masked_select": (lambda h, x: h.masked_select(x > 0).sum(), "masked_select"),
    "unique": (lambda h, x: h.sum() * gradlib.unique(x.round()).numel(), "unique"),
    "one-argument where": (lambda h, x: h[gradlib.where(x > 0)].sum(), "one-argument where"),
    "item": (lambda h, x: h.sum() * x.sum().item(), r"Tensor\.item\(\)"),
    "if on a tensor": (lambda h, x: h.sum() if x.sum() > 0 else -h.sum(), r"Python control flow"),
    "repeat_interleave": (lambda h, x: h.repeat_interleave(gradlib.tensor([1, 2, 1, 1, 1, 2], device=h.device),
                                                           0).sum(), "repeat_interleave"),
    "a sampler without a replayable record": (
        lambda h, x: h.sum() * gradlib.distributions.Gamma(x.abs() + 1, 1.0, validate_args=False).sample().sum(), "a random draw"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_value_dependent_shapes_and_host_reads_are_refused_naming_them(device, name):
    body, named = REFUSED[name]
    with pytest.raises(RuntimeError, match="gradlib.graphs: .*" + named):
        differ(device, _with(body), steps=3)


def _strided_write(h, x):
    h = h * 1
    flat = h.view(-1)
    flat[::2] = flat[1::2]
    return h.pow(2).sum()


IN_PLACE = {  # each replayed a copy of the capture's values (or dropped the write into the base) before replay15
    "+=": lambda h, x: _then(h * 1, lambda t: t.__iadd__(1)).pow(2).sum(),
    "mul_": lambda h, x: (h * 1).mul_(0.5).pow(2).sum(),
    "relu(inplace=True)": lambda h, x: F.relu(h * 1, inplace=True).pow(2).sum(),
    "dropout(inplace=True)": lambda h, x: F.dropout(h * 1, 0.3, inplace=True).pow(2).sum(),
    "sigmoid_ tanh_": lambda h, x: ((h * 2).sigmoid_() * 1).tanh_().pow(2).sum(),
    "a slice +=": lambda h, x: _then(h * 1, lambda t: t[:, 0].__iadd__(1)).pow(2).sum(),
    "mul_ of a slice": lambda h, x: _then(h * 1, lambda t: t[:, 1:3].mul_(2)).pow(2).sum(),
    "assignment through a strided view": _strided_write,
}


def _then(tensor, change):
    change(tensor)
    return tensor


@pytest.mark.parametrize("name", list(IN_PLACE))
def test_in_place_ops_on_values_of_the_step_are_replayed(device, name):
    assert differ(device, _with(IN_PLACE[name]), steps=5) is None


@pytest.mark.parametrize("change, named", [
    (lambda p: setattr(p, "data", p.data.clamp(-0.1, 0.1)), r"Tensor\.data = \.\.\. on a tensor made before"),
    (lambda p: p.data.resize_(2, 2), r"resize_ on a tensor made before"),
])
def test_a_storage_swap_of_a_tensor_from_before_the_capture_is_refused(device, change, named):
    # before replay15, .data = ... passed the capture and the replay blamed the user for new storage
    model = nn.Linear(4, 3).to(device)
    x = gradlib.zeros(6, 4, device=device)
    model(x).sum().backward()
    with pytest.raises(RuntimeError, match="gradlib.graphs: " + named):
        with gradlib.graphs.graph(gradlib.graphs.StepGraph()):
            model(x).sum().backward()
            change(model.weight)


# ----- static inputs ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, write", [
    ("mul_", lambda x: x.mul_(2)),
    ("clamp_ add_", lambda x: x.clamp_(-0.5, 0.5).add_(1)),
    ("slice assignment", lambda x: x.__setitem__((slice(None), 0), 0.5)),  # crashed at capture_end before
    ("mask assignment", lambda x: x.__setitem__(x > 0, 0.0)),
    ("masked_fill_", lambda x: x.masked_fill_(x > 0, 0.0)),
])
def test_in_place_writes_on_static_inputs_are_replayed(device, name, write):
    def body(h, x):
        return h.sum()

    def build(device):
        model = nn.Linear(4, 3).to(device)
        optimizer = optim.SGD(model.parameters(), lr=0.1)
        x = gradlib.zeros(6, 4, device=device)

        def step():
            write(x)
            optimizer.zero_grad()
            loss = model(x).pow(2).mean()
            loss.backward()
            optimizer.step()
            return loss

        rng = np.random.default_rng(2)
        data = [[rng.standard_normal((6, 4)).astype(np.float32)] for _ in range(5)]
        return Case(step, [x], lambda i: data[i], [model], [optimizer])

    assert differ(device, build, steps=5) is None


@pytest.mark.parametrize("change, named", [
    (lambda x, device: setattr(x, "data", gradlib.ones(6, 4, device=device)), "new storage"),
    (lambda x, device: x.resize_(3, 4), r"now has shape \[3, 4\]"),
    (lambda x, device: setattr(x, "data", gradlib.ones(6, 4, dtype=gradlib.float64, device=device)), "float64"),
])
def test_a_replaced_static_input_is_refused_at_replay(device, change, named):
    model = nn.Linear(4, 3).to(device)
    x = gradlib.zeros(6, 4, device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        model(x).sum().backward()
    change(x, device)
    with pytest.raises(RuntimeError, match="static input 0 .*" + named):
        graph.replay()


# ----- CUDA graphs (gradlib.cuda.graph, make_graphed_callables) --------------------------------------------------------
needs_cuda = pytest.mark.skipif(not gradlib.cuda.is_available(),
                                reason="no usable CUDA (a GPU, or pytest --device cuda --cupy-stand-in)")

CUDA_MODELS = ["relu", "conv2d batchnorm maxpool adaptive", "layernorm groupnorm", "GRU", "residual block",
               "nll_loss", "mse_loss", "dropout alpha_dropout", "dropout2d", "MultiheadAttention with dropout"]


def _cuda_train(cuda, build, graphed, steps=6, warmup=2):
    """``build``'s case run eagerly, or warmed up on the side stream, captured with gradlib.cuda.graph and
    replayed; returns the losses and the model's state after each step."""
    gradlib.manual_seed(0)
    case = build(cuda)
    history = []
    graph = None
    for i in range(steps):
        for tensor, array in zip(case.inputs, case.batch(i)):
            tensor.copy_(gradlib.tensor(array, device=cuda))
        if i < warmup:
            with gradlib.cuda.side_stream():
                loss = case.step()
        elif not graphed:
            loss = case.step()
        elif graph is None:
            graph = gradlib.cuda.CUDAGraph()
            with gradlib.cuda.graph(graph):
                loss = case.step()  # recorded, not run
            graph.replay()
        else:
            graph.replay()
        history.append(loss.detach().cpu().numpy().copy())
        history += [value.detach().cpu().numpy().copy() for value in case.modules[0].state_dict().values()]
    return history


def _assert_graphed_equals_eager(device, build):
    cuda = device if str(device).startswith("cuda") else "cuda"
    with gradlib.backends.device_guard(gradlib.device(cuda)):
        eager = _cuda_train(cuda, build, graphed=False)
        graphed = _cuda_train(cuda, build, graphed=True)
    for a, b in zip(eager, graphed):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)


@needs_cuda
@pytest.mark.parametrize("name", CUDA_MODELS)
def test_cuda_graph_training_step_equals_eager_within_tolerance(device, name):
    make_model, xshape, options = MODELS[name]
    _assert_graphed_equals_eager(device, _classifier(make_model, lambda p: optim.Adam(p, lr=0.01, capturable=True),
                                                     xshape, **options))


@needs_cuda
@pytest.mark.parametrize("name", ["bernoulli", "bernoulli_ float", "normal_", "normal(tensor, tensor)",
                                  "multinomial with replacement", "randperm", "rand_like randn randint rrelu dropout"])
def test_cuda_graph_random_draws_follow_eager_mode(device, name):
    # the CuPy stand-in advanced the generator during a capture (a real capture runs no kernel) before replay15
    _assert_graphed_equals_eager(device, _with(SAMPLERS[name]))


@needs_cuda
@pytest.mark.parametrize("name", ["residual block", "GRU", "layernorm groupnorm"])
def test_make_graphed_callables_equals_eager_within_tolerance(device, name):
    cuda = device if str(device).startswith("cuda") else "cuda"
    make_model, xshape, options = MODELS[name]
    with gradlib.backends.device_guard(gradlib.device(cuda)):
        gradlib.manual_seed(1)
        module = make_model().to(cuda)
        reference = make_model().to(cuda)
        reference.load_state_dict(module.state_dict())
        graphed = gradlib.cuda.make_graphed_callables(module, (gradlib.zeros(*xshape, device=cuda),))
        rng = np.random.default_rng(0)
        for _ in range(3):
            data = rng.standard_normal(xshape).astype(np.float32)
            out = graphed(gradlib.tensor(data, device=cuda))
            out_ref = reference(gradlib.tensor(data, device=cuda))
            np.testing.assert_allclose(out.detach().cpu().numpy(), out_ref.detach().cpu().numpy(), rtol=1e-5,
                                       atol=1e-6)
            out.pow(2).sum().backward()
            out_ref.pow(2).sum().backward()
            for p, q in zip(module.parameters(), reference.parameters()):
                np.testing.assert_allclose(p.grad.cpu().numpy(), q.grad.cpu().numpy(), rtol=1e-5, atol=1e-6)


CUDA_GRAPH_OPS = {  # each replayed the capture's values (a silent difference) on the CuPy stand-in before replay15,
    # or failed the capture with a host-to-device copy (interpolate, on a GPU too)
    "indexing backward with repeated indices (cupyx.scatter_add)": lambda t, i: t[:, i].pow(2),
    "gelu (erf)": lambda t, i: F.gelu(t),
    "lgamma digamma erfinv erfc": lambda t, i: (gradlib.lgamma(t + 1) + gradlib.digamma(t + 1)
                                                + gradlib.erfinv(t.tanh() * 0.5) + gradlib.special.erfc(t)),
    "polygamma mvlgamma": lambda t, i: gradlib.polygamma(1, t.abs() + 1) + gradlib.mvlgamma(t.abs() + 2, 2),
    "interpolate bilinear": lambda t, i: F.interpolate(t.reshape(1, 2, 2, 5), scale_factor=1.5, mode="bilinear"),
    "interpolate bicubic align_corners": lambda t, i: F.interpolate(t.reshape(1, 2, 2, 5), size=(3, 7),
                                                                    mode="bicubic", align_corners=True),
    "interpolate linear": lambda t, i: F.interpolate(t.reshape(1, 4, 5), scale_factor=2, mode="linear"),
}


@needs_cuda
@pytest.mark.parametrize("name", list(CUDA_GRAPH_OPS))
def test_cuda_graph_ops_equal_eager_within_tolerance(device, name):
    cuda = device if str(device).startswith("cuda") else "cuda"
    function = CUDA_GRAPH_OPS[name]
    rng = np.random.default_rng(0)
    data = [(rng.standard_normal((4, 5)).astype(np.float32), rng.integers(0, 5, 6)) for _ in range(4)]
    results = []
    with gradlib.backends.device_guard(gradlib.device(cuda)):
        for graphed in (False, True):
            x = gradlib.zeros(4, 5, device=cuda)
            index = gradlib.zeros(6, dtype=gradlib.int64, device=cuda)
            weight = gradlib.ones(4, 5, device=cuda, requires_grad=True)

            def step():
                weight.grad = None
                out = function(x * weight, index)
                out.pow(2).sum().backward()
                return out

            def load(i):
                x.copy_(gradlib.tensor(data[i][0], device=cuda))
                index.copy_(gradlib.tensor(data[i][1], device=cuda))

            load(0)
            with gradlib.cuda.side_stream():
                step()
            graph = None
            if graphed:
                graph = gradlib.cuda.CUDAGraph()
                with gradlib.cuda.graph(graph):
                    out = step()
            values = []
            for i in range(1, 4):
                load(i)
                if graphed:
                    graph.replay()
                else:
                    out = step()
                values += [out.detach().cpu().numpy().copy(), weight.grad.cpu().numpy().copy()]
            results.append(values)
    for a, b in zip(*results):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
