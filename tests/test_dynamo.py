"""``gradlib._dynamo`` (torch._dynamo): reset, the settable config with PyTorch 2.13's defaults and aliases,
exc, and compiled code that keeps running after a reset."""
import subprocess
import sys

import pytest

import gradlib
from gradlib import _dynamo


def test_config_defaults_aliases_and_unknown_names():
    config = _dynamo.config
    assert (config.suppress_errors, config.cache_size_limit, config.recompile_limit) == (False, 8, 8)
    assert (config.accumulated_cache_size_limit, config.automatic_dynamic_shapes, config.verbose) == (256, True, False)
    try:
        config.cache_size_limit = 64
        assert config.recompile_limit == 64 and config.cache_size_limit == 64
        config.suppress_errors = True
        assert config.suppress_errors is True
    finally:
        config.recompile_limit = 8
        config.suppress_errors = False
    with pytest.raises(AttributeError, match="^torch._dynamo.config.no_such_setting does not exist$"):
        config.no_such_setting = 1
    with pytest.raises(AttributeError, match="^torch._dynamo.config.no_such_setting does not exist$"):
        config.no_such_setting


def test_reset_keeps_compiled_code_running(device):
    model = gradlib.compile(gradlib.nn.Linear(3, 2).to(device))
    x = gradlib.ones(4, 3, device=device)
    before = model(x)
    assert _dynamo.reset() is None
    assert gradlib.equal(model(x), before)
    assert _dynamo.mark_dynamic(x, 0) is None and _dynamo.list_backends() == ["cudagraphs", "inductor", "openxla",
                                                                              "tvm"]
    with pytest.raises(_dynamo.exc.InvalidBackend, match="^Invalid backend: 'nope'"):
        gradlib.compile(lambda t: t, backend="nope")
    assert issubclass(_dynamo.exc.InvalidBackend, _dynamo.exc.TorchDynamoException)
    assert issubclass(_dynamo.exc.TorchDynamoException, RuntimeError)


def test_torch_dynamo_under_gradlib_run(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text("import torch\nimport torch._dynamo\nfrom torch._dynamo import config\n"
                      "torch._dynamo.config.suppress_errors = True\nprint(config.cache_size_limit)\n"
                      "torch._dynamo.reset()\nprint('reset done')\n")
    out = subprocess.run([sys.executable, "-m", "gradlib.run", str(script)], capture_output=True, text=True,
                         check=True).stdout
    assert out == "8\nreset done\n"
