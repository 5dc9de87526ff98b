"""``torch._dynamo.config``: PyTorch's settings with their defaults, readable and settable; gradlib runs compiled
models eagerly, so none of them changes what runs (see ``gradlib._dynamo``). As PyTorch's, ``cache_size_limit``
and ``accumulated_cache_size_limit`` are the old names of ``recompile_limit`` and ``accumulated_recompile_limit``,
and a name PyTorch does not have raises AttributeError.

>>> from gradlib._dynamo import config
>>> config.cache_size_limit = 16
>>> config.recompile_limit
16
>>> config.cache_size_limit = 8
"""
import sys
import types

suppress_errors = False
recompile_limit = 8
accumulated_recompile_limit = 256
verbose = False
capture_scalar_outputs = False
capture_dynamic_output_shape_ops = False
automatic_dynamic_shapes = True
assume_static_by_default = True
optimize_ddp = True
specialize_int = False
dynamic_shapes = True
error_on_recompile = False
replay_record_enabled = False

_ALIASES = {"cache_size_limit": "recompile_limit", "accumulated_cache_size_limit": "accumulated_recompile_limit"}


class _Config(types.ModuleType):
    """The module's class: old names read and write their new ones; unknown names are refused."""

    def __getattr__(self, name):
        if name in _ALIASES:
            return getattr(self, _ALIASES[name])
        raise AttributeError(f"torch._dynamo.config.{name} does not exist")

    def __setattr__(self, name, value):
        name = _ALIASES.get(name, name)
        if name not in self.__dict__:
            raise AttributeError(f"torch._dynamo.config.{name} does not exist")
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Config
