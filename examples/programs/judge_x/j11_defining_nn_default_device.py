# Recipes: "Defining a Neural Network in PyTorch" (the MNIST Net with conv, dropout, log_softmax, passing data
# through it) and "Changing default device" (torch.set_default_device, the torch.device context manager,
# factory functions), plus "Introduction to PyTorch": building models (TinyModel, LSTMTagger, parameters).
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()

        # First 2D convolutional layer, taking in 1 input channel (image),
        # outputting 32 convolutional features, with a square kernel size of 3
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        # Second 2D convolutional layer, taking in the 32 input layers,
        # outputting 64 convolutional features, with a square kernel size of 3
        self.conv2 = nn.Conv2d(32, 64, 3, 1)

        # Designed to ensure that adjacent pixels are either all 0s or all active
        # with an input probability
        self.dropout1 = nn.Dropout2d(0.25)
        self.dropout2 = nn.Dropout2d(0.5)

        # First fully connected layer
        self.fc1 = nn.Linear(9216, 128)
        # Second fully connected layer that outputs our 10 labels
        self.fc2 = nn.Linear(128, 10)

    # x represents our data
    def forward(self, x):
        # Pass data through conv1
        x = self.conv1(x)
        # Use the rectified-linear activation function over x
        x = F.relu(x)

        x = self.conv2(x)
        x = F.relu(x)

        # Run max pooling over x
        x = F.max_pool2d(x, 2)
        # Pass data through dropout1
        x = self.dropout1(x)
        # Flatten x with start_dim=1
        x = torch.flatten(x, 1)
        # Pass data through ``fc1``
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)

        # Apply softmax to x
        output = F.log_softmax(x, dim=1)
        return output


my_nn = Net()
print(my_nn)

# Equates to one random 28x28 image
random_data = torch.rand((1, 1, 28, 28))

result = my_nn(random_data)
print(result.shape)
print(torch.allclose(result.exp().sum(), torch.tensor(1.0)))


# Building models: TinyModel
class TinyModel(torch.nn.Module):

    def __init__(self):
        super(TinyModel, self).__init__()

        self.linear1 = torch.nn.Linear(100, 200)
        self.activation = torch.nn.ReLU()
        self.linear2 = torch.nn.Linear(200, 10)
        self.softmax = torch.nn.Softmax()

    def forward(self, x):
        x = self.linear1(x)
        x = self.activation(x)
        x = self.linear2(x)
        x = self.softmax(x)
        return x


tinymodel = TinyModel()

print('The model:')
print(tinymodel)

print('\n\nJust one layer:')
print(tinymodel.linear2)

print('\n\nModel params:')
for param in tinymodel.parameters():
    print(param.shape)

print('\n\nLayer params:')
for param in tinymodel.linear2.parameters():
    print(param.shape)

lin = torch.nn.Linear(3, 2)
x = torch.rand(1, 3)
print('Input:')
print(x.shape)

print('\n\nWeight and Bias parameters:')
for param in lin.parameters():
    print(type(param).__name__, param.shape, param.requires_grad)

y = lin(x)
print('\n\nOutput:')
print(y.shape, y.grad_fn.name())

# Other layers
my_tensor = torch.tensor([[[0.1, 0.9, 0.3, 0.6, 0.2, 0.5],
                           [0.4, 0.7, 0.8, 0.1, 0.0, 0.3],
                           [0.9, 0.2, 0.5, 0.6, 0.7, 0.4],
                           [0.3, 0.8, 0.1, 0.2, 0.9, 0.6],
                           [0.5, 0.4, 0.6, 0.7, 0.3, 0.8],
                           [0.2, 0.1, 0.4, 0.9, 0.5, 0.0]]])
maxpool_layer = torch.nn.MaxPool2d(3)
print(maxpool_layer(my_tensor))

my_tensor = torch.tensor([[[10.0, 20.0, 30.0, 40.0], [1.0, 2.0, 3.0, 4.0], [5.0, 15.0, 25.0, 35.0], [0.5, 0.5, 0.5, 0.5]]])
norm_layer = torch.nn.BatchNorm1d(4)
normed_tensor = norm_layer(my_tensor)
print(normed_tensor.mean().abs() < 1e-6)

my_tensor = torch.ones(1, 4, 4)
dropout = torch.nn.Dropout(p=0.4)
dropout.eval()
print(dropout(my_tensor))

# Changing default device
print(torch.get_default_device())
torch.set_default_device('cpu')
t = torch.tensor([1.2, 3.4])
print(t.device)
torch.set_default_device(torch.device('cpu'))
print(torch.zeros(2, 3).device, torch.arange(3).device)

with torch.device('cpu'):
    mod = torch.nn.Linear(20, 30)
    print(mod.weight.device)
    print(mod(torch.randn(128, 20)).device)
print(torch.get_default_device())
