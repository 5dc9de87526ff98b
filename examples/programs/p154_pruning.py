# The "Pruning Tutorial" (torch.nn.utils.prune), as written on a LeNet with random weights: random_unstructured on
# conv1.weight (weight_orig, weight_mask buffer, forward pre-hook), l1_unstructured on the bias, iterative
# ln_structured pruning and the PruningContainer history, state_dict keys, remove() to make it permanent,
# pruning several parameters of a model, global_unstructured with sparsity per layer, and a custom pruning method
# (FooBarPruningMethod, every other entry) with its function; then fine-tuning a pruned layer keeps zeros at zero.
import torch
from torch import nn
import torch.nn.utils.prune as prune
import torch.nn.functional as F

torch.manual_seed(0)
device = torch.device("cpu")


class LeNet(nn.Module):
    def __init__(self):
        super(LeNet, self).__init__()
        # 1 input image channel, 6 output channels, 5x5 square conv kernel
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)  # 5x5 image dimension
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, int(x.nelement() / x.shape[0]))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


model = LeNet().to(device=device)

module = model.conv1
print(list(module.named_parameters())[1])
print(list(module.named_buffers()))

prune.random_unstructured(module, name="weight", amount=0.3)
print([name for name, _ in module.named_parameters()])
print([name for name, _ in module.named_buffers()])
print(module.weight_mask.sum().item(), module.weight_mask.numel())
print(torch.equal(module.weight, module.weight_orig * module.weight_mask))
print(module._forward_pre_hooks)

prune.l1_unstructured(module, name="bias", amount=3)
print([name for name, _ in module.named_parameters()])
print(list(module.named_buffers())[1])
print(module.bias)
print(module._forward_pre_hooks)

# Iterative Pruning
prune.ln_structured(module, name="weight", amount=0.5, n=2, dim=0)

# As we can verify, this will zero out all the connections corresponding to
# 50% (3 out of 6) of the channels, while preserving the action of the
# previous mask.
print((module.weight.abs().sum(dim=(1, 2, 3)) == 0).tolist())

for hook in module._forward_pre_hooks.values():
    if hook._tensor_name == "weight":  # select out the correct hook
        break

print(list(hook))  # pruning history in the container

# Serializing a pruned model
print(model.state_dict().keys())

# Remove pruning re-parametrization
print(list(module.named_parameters())[0][0], list(module.named_buffers())[0][0])
prune.remove(module, 'weight')
print([name for name, _ in module.named_parameters()])
print([name for name, _ in module.named_buffers()])

# Pruning multiple parameters in a model
new_model = LeNet()
for name, module in new_model.named_modules():
    # prune 20% of connections in all 2D-conv layers
    if isinstance(module, torch.nn.Conv2d):
        prune.l1_unstructured(module, name='weight', amount=0.2)
    # prune 40% of connections in all linear layers
    elif isinstance(module, torch.nn.Linear):
        prune.l1_unstructured(module, name='weight', amount=0.4)

print(dict(new_model.named_buffers()).keys())  # to verify that all masks exist

# Global pruning
model = LeNet()

parameters_to_prune = (
    (model.conv1, 'weight'),
    (model.conv2, 'weight'),
    (model.fc1, 'weight'),
    (model.fc2, 'weight'),
    (model.fc3, 'weight'),
)

prune.global_unstructured(
    parameters_to_prune,
    pruning_method=prune.L1Unstructured,
    amount=0.2,
)

for name in ["conv1", "conv2", "fc1", "fc2", "fc3"]:
    layer = getattr(model, name)
    print(
        "Sparsity in {}.weight: {:.2f}%".format(
            name, 100. * float(torch.sum(layer.weight == 0)) / float(layer.weight.nelement())
        )
    )
print(
    "Global sparsity: {:.2f}%".format(
        100. * float(
            torch.sum(model.conv1.weight == 0)
            + torch.sum(model.conv2.weight == 0)
            + torch.sum(model.fc1.weight == 0)
            + torch.sum(model.fc2.weight == 0)
            + torch.sum(model.fc3.weight == 0)
        )
        / float(
            model.conv1.weight.nelement()
            + model.conv2.weight.nelement()
            + model.fc1.weight.nelement()
            + model.fc2.weight.nelement()
            + model.fc3.weight.nelement()
        )
    )
)


# Extending torch.nn.utils.prune with custom pruning functions
class FooBarPruningMethod(prune.BasePruningMethod):
    """Prune every other entry in a tensor
    """
    PRUNING_TYPE = 'unstructured'

    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.view(-1)[::2] = 0
        return mask


def foobar_unstructured(module, name):
    """Prunes tensor corresponding to parameter called `name` in `module`
    by removing every other entry in the tensors.
    Modifies module in place (and also return the modified module)
    by:
    1) adding a named buffer called `name+'_mask'` corresponding to the
    binary mask applied to the parameter `name` by the pruning method.
    The parameter `name` is replaced by its pruned version, while the
    original (unpruned) parameter is stored in a new parameter named
    `name+'_orig'`.
    """
    FooBarPruningMethod.apply(module, name)
    return module


model = LeNet()
foobar_unstructured(model.fc3, name='bias')

print(model.fc3.bias_mask)

# fine-tuning keeps pruned weights at zero (the mask multiplies the gradient too)
layer = nn.Linear(8, 4)
prune.l1_unstructured(layer, name="weight", amount=0.5)
zeros_before = (layer.weight == 0)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
x, y = torch.randn(32, 8), torch.randn(32, 4)
for step in range(20):
    loss = F.mse_loss(layer(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
print("pruned stay zero:", bool((layer.weight[zeros_before] == 0).all()),
      "orig grad zero there:", bool((layer.weight_orig.grad[zeros_before] == 0).all()))
print("loss after fine-tuning", round(loss.item(), 4))
