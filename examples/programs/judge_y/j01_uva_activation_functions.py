# UvA Deep Learning Course, Tutorial 3: Activation Functions (structure of the notebook)
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(42)
device = torch.device("cpu")


class ActivationFunction(nn.Module):

    def __init__(self):
        super().__init__()
        self.name = self.__class__.__name__
        self.config = {"name": self.name}


class Sigmoid(ActivationFunction):

    def forward(self, x):
        return 1 / (1 + torch.exp(-x))


class Tanh(ActivationFunction):

    def forward(self, x):
        x_exp, neg_x_exp = torch.exp(x), torch.exp(-x)
        return (x_exp - neg_x_exp) / (x_exp + neg_x_exp)


class ReLU(ActivationFunction):

    def forward(self, x):
        return x * (x > 0).float()


class LeakyReLU(ActivationFunction):

    def __init__(self, alpha=0.1):
        super().__init__()
        self.config["alpha"] = alpha

    def forward(self, x):
        return torch.where(x > 0, x, self.config["alpha"] * x)


class ELU(ActivationFunction):

    def forward(self, x):
        return torch.where(x > 0, x, torch.exp(x) - 1)


class Swish(ActivationFunction):

    def forward(self, x):
        return x * torch.sigmoid(x)


act_fn_by_name = {
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leakyrelu": LeakyReLU,
    "elu": ELU,
    "swish": Swish
}


def get_grads(act_fn, x):
    """
    Computes the gradients of an activation function at specified positions.
    """
    x = x.clone().requires_grad_()  # Mark the input as tensor for which we want to store gradients
    out = act_fn(x)
    out.sum().backward()  # Summing results in an equal gradient flow to each element in x
    return x.grad  # Accessing the gradients of x by "x.grad"


x = torch.linspace(-5, 5, 11)
for name, act_fn_class in act_fn_by_name.items():
    act_fn = act_fn_class()
    y = act_fn(x)
    y_grads = get_grads(act_fn, x)
    print(f"{act_fn.name:10s} config={act_fn.config}")
    print("  out  :", [round(v, 4) for v in y.tolist()])
    print("  grads:", [round(v, 4) for v in y_grads.tolist()])

# compare with the built-in PyTorch versions
builtin = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu,
           "leakyrelu": lambda t: F.leaky_relu(t, 0.1), "elu": F.elu, "swish": F.silu}
for name, fn in builtin.items():
    ours = act_fn_by_name[name]()(x)
    print(name, "matches built-in:", torch.allclose(ours, fn(x), atol=1e-6))


class BaseNetwork(nn.Module):

    def __init__(self, act_fn, input_size=784, num_classes=10, hidden_sizes=[512, 256, 256, 128]):
        """
        Inputs:
            act_fn - Object of the activation function that should be used as non-linearity in the network.
            input_size - Size of the input images in pixels
            num_classes - Number of classes we want to predict
            hidden_sizes - A list of integers specifying the hidden layer sizes in the NN
        """
        super().__init__()

        # Create the network based on the specified hidden sizes
        layers = []
        layer_sizes = [input_size] + hidden_sizes
        for layer_index in range(1, len(layer_sizes)):
            layers += [nn.Linear(layer_sizes[layer_index-1], layer_sizes[layer_index]),
                       act_fn]
        layers += [nn.Linear(layer_sizes[-1], num_classes)]
        self.layers = nn.Sequential(*layers)  # nn.Sequential summarizes a list of modules into a single module, applying them in sequence

        # We store all hyperparameters in a dictionary for saving and loading of the model
        self.config = {"act_fn": act_fn.config, "input_size": input_size,
                       "num_classes": num_classes, "hidden_sizes": hidden_sizes}

    def forward(self, x):
        x = x.view(x.size(0), -1)  # Reshape images to a flat vector
        out = self.layers(x)
        return out


net = BaseNetwork(act_fn=ReLU(), hidden_sizes=[32, 16]).to(device)
print(net)
print(net.config)
imgs = torch.randn(8, 1, 28, 28)
print("Output shape:", net(imgs).shape)
print("Parameters:", sum(p.numel() for p in net.parameters()))


# Visualizing the gradient flow: gradient norm per layer, as the notebook does
def visualize_gradients(net):
    net.eval()
    small_loader_imgs = torch.randn(16, 1, 28, 28)
    labels = torch.arange(16) % 10
    net.zero_grad()
    preds = net(small_loader_imgs)
    loss = F.cross_entropy(preds, labels)
    loss.backward()
    grads = {name: params.grad.data.view(-1).cpu().clone().numpy() for name, params in net.named_parameters()
             if "weight" in name}
    net.zero_grad()
    return grads


for act_fn_name in act_fn_by_name:
    torch.manual_seed(42)
    act_fn = act_fn_by_name[act_fn_name]()
    net_actfn = BaseNetwork(act_fn=act_fn, hidden_sizes=[32, 16]).to(device)
    grads = visualize_gradients(net_actfn)
    print(act_fn_name, {k: v.shape for k, v in grads.items()})
