# The "Model ensembling" tutorial (torch.func), as written on small synthetic MNIST-shaped data: a few SimpleMLPs,
# predictions with a python loop, stack_module_state, a 'meta' base model, functional_call vmapped over the
# stacked parameters with the same minibatch (in_dims=(0, 0, None)) and with different minibatches per model,
# checked against the loop; then training the ensemble with torch.func.grad over the stacked parameters.
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import stack_module_state, functional_call, vmap, grad

torch.manual_seed(0)


class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
        self.fc1 = nn.Linear(784, 32)
        self.fc2 = nn.Linear(32, 16)
        self.fc3 = nn.Linear(16, 10)

    def forward(self, x):
        x = x.flatten(1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu(x)
        x = self.fc3(x)
        return x


device = 'cpu'
num_models = 4

data = torch.randn(20, 64, 1, 28, 28, device=device)
targets = torch.randint(10, (6400,), device=device)

models = [SimpleMLP().to(device) for _ in range(num_models)]

minibatches = data[:num_models]
predictions_diff_minibatch_loop = [model(minibatch) for model, minibatch in zip(models, minibatches)]

minibatch = data[0]
predictions2 = [model(minibatch) for model in models]

params, buffers = stack_module_state(models)
print(sorted(params.keys()))
print(params['fc1.weight'].shape, params['fc3.bias'].shape, len(buffers))

# Construct a "stateless" version of one of the models. It is "stateless" in
# the sense that the parameters are meta Tensors and do not have storage.
base_model = copy.deepcopy(models[0])
base_model = base_model.to('meta')
print(base_model.fc1.weight.device, base_model.fc1.weight.shape)


def fmodel(params, buffers, x):
    return functional_call(base_model, (params, buffers), (x,))


print([p.size(0) for p in params.values()])  # show the leading 'num_models' dimension

print(minibatches.shape)  # verify minibatch has leading dimension of size 'num_models'

predictions1_vmap = vmap(fmodel)(params, buffers, minibatches)

# verify the ``vmap`` predictions match the
assert torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop), atol=1e-3, rtol=1e-5)
print("different minibatches:", predictions1_vmap.shape, "match the loop")

predictions2_vmap = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)

assert torch.allclose(predictions2_vmap, torch.stack(predictions2), atol=1e-3, rtol=1e-5)
print("same minibatch:", predictions2_vmap.shape, "match the loop")
print(predictions2_vmap[:, 0].argmax(dim=-1))

# training the whole ensemble at once: grad over the stacked parameters
x_train = torch.randn(128, 784)
w_true = torch.randn(784, 10) / 28
y_train = (x_train @ w_true).argmax(dim=1)


def loss_fn(params, buffers, x, y):
    return F.cross_entropy(functional_call(base_model, (params, buffers), (x,)), y)


ensemble_grad = vmap(grad(loss_fn), in_dims=(0, 0, None, None))
lr = 0.5
params = {k: v.detach() for k, v in params.items()}
for step in range(31):
    grads = ensemble_grad(params, buffers, x_train, y_train)
    params = {k: v - lr * grads[k] for k, v in params.items()}
    if step % 10 == 0:
        losses = vmap(loss_fn, in_dims=(0, 0, None, None))(params, buffers, x_train, y_train)
        print(f"step {step:2d} losses {[round(l, 4) for l in losses.tolist()]}")

logits = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, x_train)
ensemble_prediction = logits.softmax(dim=-1).mean(0).argmax(dim=-1)
print("ensemble train accuracy", (ensemble_prediction == y_train).float().mean().item())
