# "Introduction to torch.compile": compiling a function, a decorated function, a nn.Module, a module's
# compile() method, a function that calls other functions, and the graph-break example; outputs are compared
# with eager mode (compiled code must give the same results).
import torch
import torch.nn.functional as F

torch.manual_seed(0)


def foo(x, y):
    a = torch.sin(x)
    b = torch.cos(y)
    return a + b


opt_foo1 = torch.compile(foo)
x = torch.tensor([[0.0, 0.5, 1.0], [1.5, 2.0, 2.5], [3.0, 3.5, 4.0]])
y = torch.tensor([[1.0, -1.0, 0.0], [0.25, 0.75, -0.5], [2.0, 1.0, 3.0]])
print(opt_foo1(x, y))
print(torch.allclose(opt_foo1(x, y), foo(x, y)))


@torch.compile
def opt_foo2(x, y):
    a = torch.sin(x)
    b = torch.cos(y)
    return a + b


print(opt_foo2(x, y))


def inner(x):
    return torch.sin(x)


@torch.compile
def outer(x, y):
    a = inner(x)
    b = torch.cos(y)
    return a + b


print(outer(x, y))


class MyModule(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 3)

    def forward(self, x):
        return torch.nn.functional.relu(self.lin(x))


mod = MyModule()
mod.compile()
eager = MyModule()
eager.load_state_dict(mod.state_dict())
print(mod(x).shape)
print(torch.allclose(mod(x), eager(x)))

opt_mod = torch.compile(MyModule())
print(opt_mod(x).shape)
print(type(opt_mod).__name__ in ("OptimizedModule", "MyModule"))


# graph breaks: data-dependent control flow
def bar(a, b):
    x = a / (torch.abs(a) + 1)
    if b.sum() < 0:
        b = b * -1
    return x * b


opt_bar = torch.compile(bar)
inp1 = torch.tensor([1.0, -2.0, 3.0, -4.0])
inp2 = torch.tensor([0.5, 0.5, -3.0, 1.0])
print(opt_bar(inp1, inp2))
print(opt_bar(inp1, -inp2))
print(torch.allclose(opt_bar(inp1, inp2), bar(inp1, inp2)))


# training with a compiled model
model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
opt_model = torch.compile(model)
optimizer = torch.optim.SGD(opt_model.parameters(), lr=0.01)
X = torch.linspace(-1, 1, 32).unsqueeze(1).repeat(1, 4)
Y = X.sum(1, keepdim=True)
for step in range(20):
    optimizer.zero_grad()
    loss = F.mse_loss(opt_model(X), Y)
    loss.backward()
    optimizer.step()
print(loss.shape, loss.requires_grad, loss.grad_fn is not None)
print(model[0].weight.grad.shape)

torch._dynamo.reset()
print("reset done")
