"""Interoperability records (issue 15, interop8): written once for gradlib and PyTorch.

* ``class_names``: every public class of the namespaces in ``NAMESPACES``, with ``__module__``,
  ``__qualname__`` and ``repr(cls)`` (PyTorch's ``torch`` read as ``gradlib``), so that ``print(type(x))`` and
  pickles of whole models name importable modules as PyTorch does.
* ``submodules``: which torch submodules import, and the public names of ``torch.functional``.

``python tests/reference/record_torch.py interop8`` writes ``torch_interop8.json``; tests/test_interop8.py demands
gradlib reproduce it.
"""
import importlib
import inspect
import json
import pathlib
import warnings

#: Namespaces whose public classes are compared ("" is the top level).
NAMESPACES = ("", "nn", "nn.parameter", "nn.utils.rnn", "nn.utils.parametrize", "optim", "optim.lr_scheduler",
              "optim.swa_utils", "utils.data", "utils.data.distributed", "autograd", "autograd.graph",
              "autograd.forward_ad", "autograd.function", "distributions", "distributions.constraints",
              "distributions.transforms", "amp", "cuda.amp", "cuda", "utils.hooks", "utils.checkpoint",
              "autograd.profiler", "profiler", "nn.attention", "func", "testing", "sparse", "linalg", "special",
              "random", "serialization", "overrides", "return_types", "nn.parallel", "backends")

#: torch submodules real programs import by name.
SUBMODULES = ("functional", "types", "utils", "nn.modules", "nn.parameter", "nn.init", "optim.optimizer",
              "autograd.function", "autograd.grad_mode", "autograd.variable", "autograd.graph",
              "utils.data.dataloader", "utils.data.dataset", "utils.data.sampler", "nn.common_types",
              "serialization", "nn.modules.module", "nn.modules.linear", "nn.modules.conv", "nn.modules.batchnorm",
              "nn.modules.activation", "nn.modules.loss", "nn.modules.container", "nn.modules.utils",
              "nn.modules.dropout", "nn.modules.pooling", "nn.modules.normalization", "nn.modules.sparse",
              "nn.modules.rnn", "nn.modules.flatten", "nn.modules.transformer", "nn.utils.clip_grad",
              "optim.sgd", "optim.adam", "optim.adamw", "optim.lr_scheduler", "nn.utils.rnn", "storage", "overrides",
              "random", "utils.hooks", "utils.checkpoint", "utils.data.distributed", "_tensor", "nn.functional",
              "utils.data._utils", "utils.data._utils.collate")


def _torch_name(text, lib):
    return text.replace(lib.__name__, "torch") if lib.__name__ != "torch" else text


def class_names(lib):
    """``{"ns.Name": [module, qualname, repr]}`` for every public class of ``NAMESPACES`` that ``lib`` has."""
    recorded = {}
    for namespace in NAMESPACES:
        try:
            module = importlib.import_module(lib.__name__ + ("." + namespace if namespace else ""))
        except ImportError:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name in dir(module):
                value = getattr(module, name, None)
                if name.startswith("_") or not inspect.isclass(value):
                    continue
                if not value.__module__.startswith(lib.__name__):
                    continue  # a Python or NumPy class imported for use
                recorded[f"{namespace}:{name}"] = [_torch_name(value.__module__, lib), value.__qualname__,
                                                   _torch_name(repr(value), lib)]
    return recorded


def submodules(lib):
    imported = {}
    for name in SUBMODULES:
        try:
            importlib.import_module(f"{lib.__name__}.{name}")
            imported[name] = True
        except ImportError:
            imported[name] = False
    return imported


#: torch.functional names gradlib does not provide (no top-level function of that name either).
FUNCTIONAL_MISSING = ()  # stft, istft and unravel_index came with helper plumb10


def helpers(lib):
    """What the small submodules' helpers give: ``nn.modules.utils``, ``nn.utils.clip_grad``, ``types``."""
    import collections
    utils = importlib.import_module(f"{lib.__name__}.nn.modules.utils")
    seen = {"pair": [utils._pair(3), utils._pair([1, 2]), utils._pair("ab"), utils._single(4), utils._triple(1),
                     utils._quadruple((1, 2)), utils._ntuple(3, "x")(2)],
            "reverse_repeat": utils._reverse_repeat_tuple((1, 2, 3), 2),
            "list_with_default": [utils._list_with_default([None, 3], [1, 2, 5]), utils._list_with_default(4, [1])]}
    try:
        utils._list_with_default([None, 3], [1, 2])
    except ValueError as error:
        seen["list_with_default_error"] = str(error)
    state = collections.OrderedDict([("module.a", 1), ("b", 2), ("module.c.d", 3)])
    state._metadata = {"": 0, "module": 1, "module.c": 2, "other": 3}
    utils.consume_prefix_in_state_dict_if_present(state, "module.")
    seen["consumed"] = [list(state.items()), sorted(state._metadata.items())]
    clip_grad = importlib.import_module(f"{lib.__name__}.nn.utils.clip_grad")
    parameter = lib.nn.Parameter(lib.zeros(2))
    parameter.grad = lib.tensor([3., 4.])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        total = clip_grad.clip_grad_norm([parameter], 1.0)
    seen["clip_grad_norm"] = [total.item(), parameter.grad.tolist(), [str(w.message).replace(lib.__name__ + ".", "torch.") for w in caught]]
    types = importlib.import_module(f"{lib.__name__}.types")
    seen["types"] = [str(types.Number), [kind.__name__ for kind in types._Number]]
    common = importlib.import_module(f"{lib.__name__}.nn.common_types")
    seen["common_types"] = [str(common._size_2_t), str(common._ratio_any_t), str(common._size_2_opt_t)]
    functional = importlib.import_module(f"{lib.__name__}.functional")
    seen["functional_is_top_level"] = sorted(name for name in functional.__all__
                                             if getattr(functional, name) is getattr(lib, name, None))
    return json.loads(json.dumps(seen))


#: (home module, PyTorch's private base class, a layer built by ``lib``): programs test layers against these bases
#: (``isinstance(m, nn.modules.batchnorm._BatchNorm)``) and subclass them (``class Focal(nn.modules.loss._WeightedLoss)``)
PRIVATE_BASES = (
    ("batchnorm", "_BatchNorm", "nn.BatchNorm2d(2)"), ("batchnorm", "_NormBase", "nn.BatchNorm1d(2)"),
    ("batchnorm", "_BatchNorm", "nn.LazyBatchNorm1d()"), ("conv", "_ConvNd", "nn.Conv2d(1, 1, 1)"),
    ("conv", "_ConvNd", "nn.ConvTranspose2d(1, 1, 1)"), ("conv", "_ConvNd", "nn.Conv3d(1, 1, 1)"),
    ("conv", "_ConvNd", "nn.Linear(1, 1)"), ("dropout", "_DropoutNd", "nn.Dropout()"),
    ("dropout", "_DropoutNd", "nn.Dropout2d()"), ("dropout", "_DropoutNd", "nn.AlphaDropout()"),
    ("instancenorm", "_InstanceNorm", "nn.InstanceNorm2d(2)"), ("loss", "_Loss", "nn.MSELoss()"),
    ("loss", "_WeightedLoss", "nn.CrossEntropyLoss()"), ("loss", "_WeightedLoss", "nn.NLLLoss()"),
    ("loss", "_WeightedLoss", "nn.BCELoss()"), ("loss", "_WeightedLoss", "nn.BCEWithLogitsLoss()"),
    ("loss", "_WeightedLoss", "nn.MultiMarginLoss()"), ("loss", "_WeightedLoss", "nn.MultiLabelSoftMarginLoss()"),
    ("loss", "_WeightedLoss", "nn.MSELoss()"), ("loss", "_Loss", "nn.CrossEntropyLoss()"),
    ("pooling", "_AdaptiveMaxPoolNd", "nn.AdaptiveMaxPool2d(1)"), ("pooling", "_LPPoolNd", "nn.LPPool2d(2, 1)"),
    ("pooling", "_MaxUnpoolNd", "nn.MaxUnpool2d(2)"),
)


def private_bases(lib):
    """``isinstance(layer, base)`` for each row of ``PRIVATE_BASES``, and a ``_WeightedLoss`` subclass's state."""
    seen = {}
    for module_name, base_name, layer in PRIVATE_BASES:
        module = importlib.import_module(f"{lib.__name__}.nn.modules.{module_name}")
        seen[f"{module_name}.{base_name}/{layer}"] = isinstance(eval(layer, {"nn": lib.nn}), getattr(module, base_name))
    loss = importlib.import_module(f"{lib.__name__}.nn.modules.loss")

    class Focal(loss._WeightedLoss):
        def forward(self, input, target):
            return lib.nn.functional.cross_entropy(input, target, weight=self.weight, reduction=self.reduction)

    focal = Focal(weight=lib.tensor([1., 2.]), reduction="sum")
    seen["weighted_loss"] = [focal.reduction, list(focal.state_dict()), repr(focal),
                             focal(lib.tensor([[0., 1.], [1., 0.]]), lib.tensor([1, 1])).item()]
    return seen


def record():
    import torch
    import interop8_bool  # the recorder runs with tests/reference on sys.path
    import interop8_containers
    import interop8_numpy
    functional = importlib.import_module("torch.functional")
    recorded = {"class_names": class_names(torch), "submodules": submodules(torch),
                "functional_all": sorted(functional.__all__), "helpers": helpers(torch),
                "numpy": interop8_numpy.record(torch), "bool": interop8_bool.record(torch),
                "containers": interop8_containers.record(torch), "private_bases": private_bases(torch),
                "nn_modules_names": sorted(name for name in dir(torch.nn.modules) if not name.startswith("_")
                                           and inspect.isclass(getattr(torch.nn.modules, name)))}
    path = pathlib.Path(__file__).parent / "torch_interop8.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded['class_names'])} class names to {path.name}")
