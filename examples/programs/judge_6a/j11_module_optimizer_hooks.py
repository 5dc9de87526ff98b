# Tutorial: "Modules" note, Module Hooks section (pytorch.org/docs/stable/notes/modules.html#module-hooks) plus optimizer and state_dict hooks
import torch
from torch import nn

torch.manual_seed(1)


def forward_pre_hook(m, inputs):
    # Allows for examination and modification of the input before the forward pass.
    # Note that inputs are always wrapped in a tuple.
    input = inputs[0]
    return input + 1.


def forward_hook(m, inputs, output):
    # Allows for examination of inputs / outputs and modification of the outputs
    # after the forward pass. Note that inputs are always wrapped in a tuple while outputs
    # are passed as-is.

    # Residual computation a la ResNet.
    return output + inputs[0]


def backward_hook(m, grad_inputs, grad_outputs):
    # Allows for examination of grad_inputs / grad_outputs and modification of
    # grad_inputs used in the rest of the backwards pass. Note that grad_inputs and
    # grad_outputs are always wrapped in tuples.
    new_grad_inputs = [torch.ones_like(gi) * 42. for gi in grad_inputs]
    return new_grad_inputs


# Create sample module & input.
m = nn.Linear(3, 3)
x = torch.randn(2, 3, requires_grad=True)

# ==== Demonstrate forward hooks. ====
# Run input through module before and after adding hooks.
print('output with no forward hooks: {}'.format(m(x)))

# Note that the modified input results in a different output.
forward_pre_hook_handle = m.register_forward_pre_hook(forward_pre_hook)
print('output with forward pre hook: {}'.format(m(x)))

# Note the modified output.
forward_hook_handle = m.register_forward_hook(forward_hook)
print('output with both forward hooks: {}'.format(m(x)))

# Remove hooks; note that the output here matches the output before adding hooks.
forward_pre_hook_handle.remove()
forward_hook_handle.remove()
print('output after removing forward hooks: {}'.format(m(x)))

# ==== Demonstrate backward hooks. ====
m(x).sum().backward()
print('x.grad with no backwards hook: {}'.format(x.grad))

# Clear gradients before running backward pass again.
m.zero_grad()
x.grad.zero_()

backward_handle = m.register_full_backward_hook(backward_hook)
m(x).sum().backward()
print('x.grad with backwards hook: {}'.format(x.grad))
backward_handle.remove()


# ==== Hooks that see keyword arguments ====
class Scaler(nn.Module):
    def forward(self, x, scale=1.0):
        return x * scale


s = Scaler()


def pre_hook_with_kwargs(module, args, kwargs):
    kwargs = dict(kwargs)
    kwargs["scale"] = kwargs.get("scale", 1.0) * 10
    return args, kwargs


def hook_with_kwargs(module, args, kwargs, output):
    print(f"  {type(module).__name__} called with args={len(args)} kwargs={sorted(kwargs)}")
    return output - 1


h1 = s.register_forward_pre_hook(pre_hook_with_kwargs, with_kwargs=True)
h2 = s.register_forward_hook(hook_with_kwargs, with_kwargs=True)
print(s(torch.ones(3), scale=2.0))
h1.remove()
h2.remove()
print(s(torch.ones(3), scale=2.0))

# ==== Backward pre hooks and hook ordering ====
order = []
lin = nn.Linear(4, 2)


def bw_pre_hook(module, grad_output):
    order.append("pre")
    return (grad_output[0] * 2,)


def bw_hook(module, grad_input, grad_output):
    order.append("full")
    print("  grad_output shape:", grad_output[0].shape, "grad_input is None:", grad_input[0] is None)


lin.register_full_backward_pre_hook(bw_pre_hook)
lin.register_full_backward_hook(bw_hook)
inp = torch.randn(5, 4)
lin(inp).sum().backward()
print(order)
print("bias grad doubled:", torch.allclose(lin.bias.grad, torch.full((2,), 10.)))

# prepend=True puts a hook in front of existing ones
calls = []
net = nn.ReLU()
net.register_forward_hook(lambda mod, i, o: calls.append("first"))
net.register_forward_hook(lambda mod, i, o: calls.append("prepended"), prepend=True)
net(torch.randn(2))
print(calls)

# Hooks on every submodule to record activations
activations = {}


def save_activation(name):
    def hook(module, inputs, output):
        activations[name] = output.detach()
    return hook


model = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 2))
handles = [mod.register_forward_hook(save_activation(name)) for name, mod in model.named_children()]
model(torch.randn(3, 6))
print({k: tuple(v.shape) for k, v in activations.items()})
for h in handles:
    h.remove()
print(len(model[0]._forward_hooks))


# ==== state_dict hooks ====
def sd_post_hook(module, state_dict, prefix, local_metadata):
    state_dict[prefix + "version_tag"] = torch.tensor(2)


def load_pre_hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs):
    state_dict.pop(prefix + "version_tag", None)


def load_post_hook(module, incompatible_keys):
    print("  load_state_dict finished; missing:", incompatible_keys.missing_keys)


lin2 = nn.Linear(2, 2)
lin2.register_state_dict_post_hook(sd_post_hook)
lin2.register_load_state_dict_pre_hook(load_pre_hook)
lin2.register_load_state_dict_post_hook(load_post_hook)
sd = lin2.state_dict()
print(list(sd.keys()))
print(lin2.load_state_dict(sd))

# ==== Optimizer hooks ====
w = nn.Parameter(torch.tensor([1.0, -2.0]))
opt = torch.optim.SGD([w], lr=0.1)


def opt_pre_hook(optimizer, args, kwargs):
    print("  before step: w =", w.data)


def opt_post_hook(optimizer, args, kwargs):
    print("  after step:  w =", w.data)


pre = opt.register_step_pre_hook(opt_pre_hook)
post = opt.register_step_post_hook(opt_post_hook)
for step in range(2):
    opt.zero_grad()
    loss = (w ** 2).sum()
    loss.backward()
    opt.step()
pre.remove()
post.remove()
opt.zero_grad()
(w ** 2).sum().backward()
opt.step()
print("final w:", w.data)


def opt_sd_post_hook(optimizer, state_dict):
    state_dict["note"] = "hooked"
    return state_dict


opt.register_state_dict_post_hook(opt_sd_post_hook)
print(sorted(opt.state_dict().keys()))

# Tensor hooks on parameters: e.g. gradient clipping per parameter
p = nn.Parameter(torch.tensor([3.0, -4.0]))
p.register_hook(lambda g: g.clamp(-1, 1))
(p * torch.tensor([5.0, -0.5])).sum().backward()
print("clamped grad:", p.grad)
acc_calls = []
q = nn.Parameter(torch.ones(2))
q.register_post_accumulate_grad_hook(lambda param: acc_calls.append(param.grad.clone()))
(q * 3).sum().backward()
print("post accumulate:", acc_calls)
