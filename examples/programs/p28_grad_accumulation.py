# Gradient accumulation over micro-batches equals one big batch; retain_graph and two losses; set_to_none.
import torch
import torch.nn as nn

x = torch.linspace(-1, 1, 24).reshape(8, 3)
y = x.sum(1, keepdim=True) ** 2


def make_model():
    model = nn.Sequential(nn.Linear(3, 5), nn.Sigmoid(), nn.Linear(5, 1))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.linspace(-0.3, 0.4, p.numel()).reshape(p.shape))
    return model


big = make_model()
nn.functional.mse_loss(big(x), y).backward()

small = make_model()
for chunk_x, chunk_y in zip(x.split(2), y.split(2)):
    (nn.functional.mse_loss(small(chunk_x), chunk_y) / 4).backward()
same = all(torch.allclose(a.grad, b.grad, atol=1e-6) for a, b in zip(big.parameters(), small.parameters()))
print("accumulated gradients equal one batch:", same)
print("first-layer gradient:\n", small[0].weight.grad)

optimizer = torch.optim.SGD(small.parameters(), lr=0.1)
optimizer.zero_grad(set_to_none=True)
print("grads after zero_grad(set_to_none=True):", [p.grad for p in small.parameters()])
optimizer.zero_grad()

hidden = small[1](small[0](x))
out = small[2](hidden)
loss_a = out.pow(2).mean()
loss_b = hidden.abs().mean()
loss_a.backward(retain_graph=True)
grad_a = small[0].weight.grad.clone()
loss_b.backward()
print("second loss added:", not torch.equal(grad_a, small[0].weight.grad))
try:
    loss_b.backward()
except RuntimeError as error:
    print("backward twice:", str(error).split(".")[0])
total = loss_a + 0.5 * loss_b
print("combined loss:", round(total.item(), 6))
