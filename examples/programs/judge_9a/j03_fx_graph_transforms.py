# torch.fx as the FX docs and pytorch/examples/fx write it: symbolic_trace of a module, printing the graph and
# generated code, iterating over nodes, a transform replacing torch.add with torch.mul, inserting a node,
# the Interpreter subclass recording shapes (shape propagation), and a Transformer swapping relu for gelu.
import torch
import torch.fx as fx
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class MyModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.param = nn.Parameter(torch.rand(3, 4))
        self.linear = nn.Linear(4, 5)

    def forward(self, x):
        return self.linear(x + self.param).clamp(min=0.0, max=1.0)


module = MyModule()
gm = fx.symbolic_trace(module)
print(gm.graph)
print(gm.code.strip())
for node in gm.graph.nodes:
    print(f"{node.op:14s} {node.name:8s} target={node.target}")

x = torch.randn(3, 4)
print("traced equals eager:", torch.allclose(gm(x), module(x)))


# replace every add with a mul
def transform(m: nn.Module) -> fx.GraphModule:
    gm = fx.symbolic_trace(m)
    for node in gm.graph.nodes:
        if node.op == "call_function" and node.target in (torch.add, __import__("operator").add):
            node.target = torch.mul
    gm.graph.lint()
    gm.recompile()
    return gm


class AddNet(nn.Module):
    def forward(self, x, y):
        return torch.add(x, y) + 1.0


t = transform(AddNet())
a, b = torch.tensor([2.0, 3.0]), torch.tensor([4.0, 5.0])
print("transformed:", t(a, b))
print(t.code.strip())

# insert a relu after the linear call
gm2 = fx.symbolic_trace(MyModule())
for node in gm2.graph.nodes:
    if node.op == "call_module" and node.target == "linear":
        with gm2.graph.inserting_after(node):
            new = gm2.graph.call_function(torch.relu, args=(node,))
            node.replace_all_uses_with(new)
            new.args = (node,)
gm2.recompile()
print([n.name for n in gm2.graph.nodes])


# shape propagation with an Interpreter
class ShapeProp(fx.Interpreter):
    def run_node(self, n):
        result = super().run_node(n)
        if isinstance(result, torch.Tensor):
            n.meta["shape"] = tuple(result.shape)
        return result


net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 3 * 3, 2))
gnet = fx.symbolic_trace(net)
ShapeProp(gnet).run(torch.randn(2, 1, 8, 8))
for n in gnet.graph.nodes:
    print(n.name, n.meta.get("shape"))


# a Transformer rewriting relu calls to gelu
class ReluToGelu(fx.Transformer):
    def call_function(self, target, args, kwargs):
        if target is F.relu or target is torch.relu:
            target = F.gelu
            kwargs = {k: v for k, v in kwargs.items() if k != "inplace"}
        return super().call_function(target, args, kwargs)


class Act(nn.Module):
    def forward(self, x):
        return F.relu(x) * 2


new_gm = ReluToGelu(fx.symbolic_trace(Act())).transform()
z = torch.linspace(-2, 2, 5)
print("gelu * 2:", new_gm(z))
print("matches:", torch.allclose(new_gm(z), F.gelu(z) * 2))

# control flow that depends on values cannot be traced
class Branchy(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        return -x


try:
    fx.symbolic_trace(Branchy())
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0][:70])
