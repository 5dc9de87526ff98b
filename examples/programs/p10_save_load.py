# Saving and loading: a model's state_dict, an optimizer's state, and a training checkpoint.
import os
import tempfile

import torch
import torch.nn as nn


class SmallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        self.register_buffer("scale", torch.tensor(2.0))

    def forward(self, x):
        return self.body(x) * self.scale


torch.manual_seed(0)
model = SmallNet()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
x = torch.linspace(-1, 1, 12).reshape(3, 4)
for _ in range(3):
    optimizer.zero_grad()
    model(x).pow(2).mean().backward()
    optimizer.step()

print("state_dict keys:", list(model.state_dict().keys()))
print("optimizer state keys:", list(optimizer.state_dict().keys()))
print("param_groups lr:", optimizer.state_dict()["param_groups"][0]["lr"])

with tempfile.TemporaryDirectory() as directory:
    path = os.path.join(directory, "checkpoint.pt")
    torch.save({"epoch": 3, "model": model.state_dict(), "optimizer": optimizer.state_dict()}, path)
    checkpoint = torch.load(path)

restored = SmallNet()
restored.load_state_dict(checkpoint["model"])
restored_optimizer = torch.optim.Adam(restored.parameters(), lr=1e-2)
restored_optimizer.load_state_dict(checkpoint["optimizer"])
print("epoch:", checkpoint["epoch"])
with torch.no_grad():
    print("same outputs:", torch.equal(model(x), restored(x)))
print("parameters with optimizer state:", len(restored_optimizer.state_dict()["state"]))

# strict=False reports what did not match
partial = {k: v for k, v in model.state_dict().items() if k.startswith("body.0")}
result = restored.load_state_dict(partial, strict=False)
print("missing:", result.missing_keys)
print("unexpected:", result.unexpected_keys)
try:
    restored.load_state_dict(partial)
except RuntimeError as error:
    print("strict load failed:", str(error).splitlines()[0])
