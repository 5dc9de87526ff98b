"""RelaxedOneHotCategorical, ExpRelaxedCategorical, RelaxedBernoulli and LogitRelaxedBernoulli: log-densities and
their gradients in the logits/probs and the temperature, shapes of draws, printing and errors. Written once for
gradlib and PyTorch; ``python tests/reference/record_torch.py relaxed`` writes ``torch_relaxed.json`` and
tests/test_relaxed.py demands gradlib reproduce it."""
import json
import pathlib


def _configs(lib, device):
    f64 = lib.float64

    def t(values):
        return lib.tensor(values, dtype=f64, device=device, requires_grad=True)

    D = lib.distributions
    return {
        "onehot_probs": (lambda p, T: D.RelaxedOneHotCategorical(T, probs=p), [0.2, 0.3, 0.5], 0.5,
                         [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]]),
        "onehot_logits_batch": (lambda p, T: D.RelaxedOneHotCategorical(T, logits=p),
                                [[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, -0.5, 0.3]], 2.0,
                                [0.25, 0.25, 0.4, 0.1]),
        "exp_relaxed": (lambda p, T: lib.distributions.relaxed_categorical.ExpRelaxedCategorical(
            T, logits=p), [0.5, -1.0, 2.0], 0.7,
                        [-2.0, -1.5, -0.4]),
        "bernoulli_probs": (lambda p, T: D.RelaxedBernoulli(T, probs=p), [0.3, 0.9], 0.5, [[0.2, 0.8], [0.5, 0.99]]),
        "bernoulli_logits": (lambda p, T: D.RelaxedBernoulli(T, logits=p), [-1.0, 0.0, 2.5], 1.5,
                             [0.1, 0.5, 0.9]),
        "logit_relaxed": (lambda p, T: lib.distributions.relaxed_bernoulli.LogitRelaxedBernoulli(
            T, probs=p), [0.3, 0.9], 0.5, [-1.0, 2.0]),
    }, t


def observe(lib, device):
    configs, t = _configs(lib, device)
    recorded = {}
    for name, (make, params, temperature, value) in configs.items():
        p = t(params)
        T = t(temperature)
        d = make(p, T)
        log_prob = d.log_prob(lib.tensor(value, dtype=lib.float64, device=device))
        log_prob.sum().backward()
        lib.manual_seed(0)
        draw = d.rsample((5,))
        recorded[name] = {"log_prob": log_prob.tolist(), "grad_param": p.grad.tolist(), "grad_T": T.grad.tolist(),
                          "repr": repr(d).replace("torch.", "gradlib."), "batch": list(d.batch_shape),
                          "event": list(d.event_shape), "draw_shape": list(draw.shape),
                          "draw_grad": draw.requires_grad, "has_rsample": d.has_rsample,
                          "sample_grad": d.sample().requires_grad}
    errors = {}
    for key, attempt in {"both": lambda: lib.distributions.RelaxedBernoulli(lib.tensor(1.0), 0.5, 0.0),
                         "neither": lambda: lib.distributions.RelaxedBernoulli(lib.tensor(1.0)),
                         "onehot_neither": lambda: lib.distributions.RelaxedOneHotCategorical(lib.tensor(1.0))}.items():
        try:
            attempt()
            errors[key] = None
        except Exception as error:  # noqa: BLE001 - the error is the record
            errors[key] = [type(error).__name__, str(error)]
    recorded["errors"] = errors
    return recorded


def record():
    import torch
    path = pathlib.Path(__file__).parent / "torch_relaxed.json"
    path.write_text(json.dumps(observe(torch, "cpu"), indent=0, sort_keys=True) + "\n")
    print(f"wrote the relaxed distributions to {path.name}")
