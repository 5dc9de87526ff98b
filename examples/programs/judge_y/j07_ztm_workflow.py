# Zero to Mastery "Learn PyTorch for Deep Learning", notebook 01: PyTorch Workflow
import os
import tempfile
from pathlib import Path

import torch
from torch import nn

# Data (preparing and loading)
weight = 0.7
bias = 0.3

start = 0
end = 1
step = 0.02
X = torch.arange(start, end, step).unsqueeze(dim=1)
y = weight * X + bias
print(X[:10], y[:10])
print(len(X), len(y))

train_split = int(0.8 * len(X))
X_train, y_train = X[:train_split], y[:train_split]
X_test, y_test = X[train_split:], y[train_split:]
print(len(X_train), len(y_train), len(X_test), len(y_test))


# Create a Linear Regression model class
class LinearRegressionModel(nn.Module):  # <- almost everything in PyTorch is a nn.Module
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(1,  # <- start with random weights (this will get adjusted as the model learns)
                                                dtype=torch.float),  # <- PyTorch loves float32 by default
                                    requires_grad=True)  # <- can we update this value with gradient descent?)

        self.bias = nn.Parameter(torch.randn(1,  # <- start with random bias (this will get adjusted as the model learns)
                                             dtype=torch.float),  # <- PyTorch loves float32 by default
                                 requires_grad=True)  # <- can we update this value with gradient descent?))

    # Forward defines the computation in the model
    def forward(self, x: torch.Tensor) -> torch.Tensor:  # <- "x" is the input data (e.g. training/testing features)
        return self.weights * x + self.bias  # <- this is the linear regression formula (y = m*x + b)


torch.manual_seed(42)
model_0 = LinearRegressionModel()
print([p.shape for p in model_0.parameters()])
print(list(model_0.state_dict().keys()))

with torch.inference_mode():
    y_preds = model_0(X_test)
print(f"Number of testing samples: {len(X_test)}")
print(f"Number of predictions made: {len(y_preds)}")
print("Inference tensor requires grad:", y_preds.requires_grad)

loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=model_0.parameters(), lr=0.01)

# Start from the notebook's printed starting values so the run is reproducible
with torch.no_grad():
    model_0.weights.copy_(torch.tensor([0.3367]))
    model_0.bias.copy_(torch.tensor([0.1288]))
print(model_0.state_dict())

torch.manual_seed(42)
epochs = 200
train_loss_values = []
test_loss_values = []
epoch_count = []

for epoch in range(epochs):
    ### Training
    model_0.train()
    y_pred = model_0(X_train)
    loss = loss_fn(y_pred, y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

    ### Testing
    model_0.eval()
    with torch.inference_mode():
        test_pred = model_0(X_test)
        test_loss = loss_fn(test_pred, y_test.type(torch.float))
        if epoch % 10 == 0:
            epoch_count.append(epoch)
            train_loss_values.append(loss.detach().numpy())
            test_loss_values.append(test_loss.detach().numpy())
            print(f"Epoch: {epoch} | MAE Train Loss: {loss:.4f} | MAE Test Loss: {test_loss:.4f} ")

print("The model learned the following values for weights and bias:")
print({k: round(v.item(), 3) for k, v in model_0.state_dict().items()})
print("\nAnd the original values for weights and bias are:")
print(f"weights: {weight}, bias: {bias}")

# Saving and loading
MODEL_PATH = Path(tempfile.mkdtemp()) / "models"
MODEL_PATH.mkdir(parents=True, exist_ok=True)
MODEL_NAME = "01_pytorch_workflow_model_0.pth"
MODEL_SAVE_PATH = MODEL_PATH / MODEL_NAME
print(f"Saving model to: {MODEL_SAVE_PATH.name}")
torch.save(obj=model_0.state_dict(), f=MODEL_SAVE_PATH)
print("File exists:", MODEL_SAVE_PATH.exists())

loaded_model_0 = LinearRegressionModel()
print(loaded_model_0.load_state_dict(torch.load(f=MODEL_SAVE_PATH)))
loaded_model_0.eval()
with torch.inference_mode():
    loaded_model_preds = loaded_model_0(X_test)
model_0.eval()
with torch.inference_mode():
    y_preds = model_0(X_test)
print(y_preds == loaded_model_preds)


# Putting it all together: nn.Linear model
class LinearRegressionModelV2(nn.Module):
    def __init__(self):
        super().__init__()
        # Use nn.Linear() for creating the model parameters
        self.linear_layer = nn.Linear(in_features=1,
                                      out_features=1)

    # Define the forward computation (input data x flows through nn.Linear())
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear_layer(x)


torch.manual_seed(42)
model_1 = LinearRegressionModelV2()
print(model_1)
print(next(model_1.parameters()).device)
device = "cuda" if torch.cuda.is_available() else "cpu"
model_1.to(device)
model_1.load_state_dict({"linear_layer.weight": torch.tensor([[0.7645]]), "linear_layer.bias": torch.tensor([0.8300])})
print(model_1.state_dict())

loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=model_1.parameters(), lr=0.01)
torch.manual_seed(42)
epochs = 1000
X_train, y_train = X_train.to(device), y_train.to(device)
X_test, y_test = X_test.to(device), y_test.to(device)
for epoch in range(epochs):
    model_1.train()
    y_pred = model_1(X_train)
    loss = loss_fn(y_pred, y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    model_1.eval()
    with torch.inference_mode():
        test_pred = model_1(X_test)
        test_loss = loss_fn(test_pred, y_test)
    if epoch % 100 == 0:
        print(f"Epoch: {epoch} | Train loss: {loss:.4f} | Test loss: {test_loss:.4f}")

from pprint import pprint
print("The model learned the following values for weights and bias:")
pprint({k: v.round(decimals=2) for k, v in model_1.state_dict().items()})

torch.save(obj=model_1.state_dict(), f=MODEL_PATH / "01_pytorch_workflow_model_1.pth")
loaded_model_1 = LinearRegressionModelV2()
loaded_model_1.load_state_dict(torch.load(MODEL_PATH / "01_pytorch_workflow_model_1.pth"))
loaded_model_1.to(device)
print(f"Loaded model:\n{loaded_model_1}")
print(f"Model on device:\n{next(loaded_model_1.parameters()).device}")
loaded_model_1.eval()
with torch.inference_mode():
    loaded_model_1_preds = loaded_model_1(X_test)
print(y_preds.shape, (test_pred == loaded_model_1_preds).all())
