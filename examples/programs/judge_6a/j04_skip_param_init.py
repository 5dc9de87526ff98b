# Tutorial: "Skipping Module Parameter Initialization" (pytorch.org/tutorials/prototype/skip_param_init.html) with torch.nn.init
import math
import torch
import torch.nn as nn

torch.manual_seed(0)

# Initializing a module to the meta device, then materializing with to_empty
m = nn.Linear(10, 5, device='meta')
print(m)
print(m.weight)

# Materialize an uninitialized (empty) form of the module on the CPU device.
# The result of this is a module instance with uninitialized parameters.
m.to_empty(device='cpu')
print(m.weight.device, m.weight.shape, m.weight.requires_grad)

# Apply the desired initialization scheme
nn.init.orthogonal_(m.weight)
nn.init.zeros_(m.bias)
print("W W^T ~ I:", torch.allclose(m.weight @ m.weight.t(), torch.eye(5), atol=1e-5))
print("bias:", m.bias)

# The convenience function skip_init does the same thing
m = torch.nn.utils.skip_init(nn.Linear, 5, 1)
print(m)
print(m.weight.shape, m.bias.shape)


# Updating modules to support skipping initialization: accept a device kwarg
# and pass it on to any parameters or buffers created during construction.
class MyModule(torch.nn.Module):
    def __init__(self, foo, bar, device=None):
        super().__init__()

        # ==== Case 1: Module creates parameters directly. ====
        # Pass device along to any created parameters.
        self.param1 = nn.Parameter(torch.empty((foo, bar), device=device))
        self.register_parameter('param2', nn.Parameter(torch.empty(bar, device=device)))

        # To ensure support for the meta device, avoid using ops except those in
        # torch.nn.init on parameters in your module's constructor.
        with torch.no_grad():
            nn.init.kaiming_uniform_(self.param1)
            nn.init.uniform_(self.param2)

        # ==== Case 2: Module creates submodules. ====
        # Pass device along recursively. All submodules will need to support
        # them as well; this is the case for all torch.nn provided modules.
        self.fc = nn.Linear(bar, 5, device=device)

        # This also works with containers.
        self.linears = nn.Sequential(
            nn.Linear(5, 5, device=device),
            nn.Linear(5, 1, device=device)
        )

        # ==== Case 3: Module creates buffers. ====
        # Pass device along during buffer tensor creation.
        self.register_buffer('some_buffer', torch.ones(7, device=device))

    def forward(self, x):
        return self.linears(self.fc(x @ self.param1 + self.param2))


meta_module = MyModule(3, 4, device='meta')
print(meta_module)
for name, p in meta_module.named_parameters():
    print(name, p.shape, p.is_meta)
print("buffer:", meta_module.some_buffer)
m = meta_module.to_empty(device='cpu')
print("after to_empty:", {p.device.type for p in m.parameters()})


# reset_parameters: re-run the default initialization of every submodule
def reset_all(module):
    for sub in module.modules():
        if hasattr(sub, 'reset_parameters'):
            sub.reset_parameters()


reset_all(m)
with torch.no_grad():
    nn.init.kaiming_uniform_(m.param1, a=math.sqrt(5))
    nn.init.zeros_(m.param2)
    m.some_buffer.fill_(1.0)
out = m(torch.randn(2, 3))
print("output:", out.shape, out.grad_fn)
print("fc weight bound ok:", bool(m.fc.weight.abs().max() <= 1 / math.sqrt(4)))


# torch.nn.init recipes: a custom init function applied with Module.apply
def init_weights(m):
    if isinstance(m, nn.Linear):
        torch.nn.init.xavier_uniform_(m.weight)
        m.bias.data.fill_(0.01)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
        nn.init.constant_(m.bias, 0)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)


net = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Flatten(),
                    nn.Linear(8 * 6 * 6, 10))
net.apply(init_weights)
print(net)
print("linear bias:", net[4].bias[:3])
print("conv bias:", net[0].bias.sum().item())
print("gain relu:", nn.init.calculate_gain('relu'))
print("gain tanh:", nn.init.calculate_gain('tanh'))
print("gain leaky_relu 0.2:", round(nn.init.calculate_gain('leaky_relu', 0.2), 6))
w = torch.empty(3, 5)
nn.init.eye_(w)
print(w)
w = torch.empty(2, 3)
nn.init.constant_(w, 0.3)
print(w)
w = torch.empty(3, 16, 5, 5)
nn.init.dirac_(w[:, :3])
print("dirac sum:", w[:, :3].sum().item())
w = torch.empty(1000, 100)
nn.init.normal_(w, mean=0.0, std=0.02)
print("normal std:", round(w.std().item(), 2))
nn.init.trunc_normal_(w, std=0.02, a=-0.04, b=0.04)
print("trunc within bounds:", bool(w.abs().max() <= 0.04))
nn.init.uniform_(w, -0.1, 0.1)
print("uniform within bounds:", bool(w.abs().max() <= 0.1))
nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('tanh'))
print("xavier_normal std:", round(w.std().item(), 2))
nn.init.sparse_(w, sparsity=0.1)
print("sparse zero frac:", (w == 0).float().mean().item())
