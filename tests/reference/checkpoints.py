"""The small model of the checkpoint references, defined once for PyTorch (the recorder) and gradlib (the test).

``build(torch)`` returns the model in eval mode with its BatchNorm statistics updated by one training step, and the
fixed input; ``record_torch.py`` saves its ``state_dict`` with ``torch.save`` (zip format, and the legacy format
that gradlib refuses) and with ``safetensors.torch``, plus the model's output on the input.
"""

FILES = {
    "zip": "torch_checkpoint.pt",
    "legacy": "torch_checkpoint_legacy.pt",
    "extras": "torch_checkpoint_extras.pt",
    "safetensors": "torch_checkpoint.safetensors",
    "outputs": "torch_checkpoint.json",
}


def architecture(torch):
    nn = torch.nn
    return nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.Tanh(), nn.Linear(8, 8), nn.LayerNorm(8),
                         nn.ReLU(), nn.Linear(8, 3))


def fixed_input(torch):
    """A deterministic input that does not depend on either library's random numbers."""
    values = [[((row * 7 + col * 3) % 11) / 5.0 - 1.0 for col in range(5)] for row in range(4)]
    return torch.tensor(values, dtype=torch.float32)


def outputs_of(torch, state, device):
    """The reference architecture's output on the fixed input, on ``device``, with ``state`` loaded (eval mode)."""
    model = architecture(torch).to(device)
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        return model(fixed_input(torch).to(device))
