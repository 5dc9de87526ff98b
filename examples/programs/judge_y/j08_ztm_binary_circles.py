# Zero to Mastery "Learn PyTorch for Deep Learning", notebook 02: Neural Network Classification (circles)
import numpy as np
import torch
from torch import nn

# Make 1000 samples of two circles (sklearn's make_circles re-done in NumPy: no download, no sklearn)
n_samples = 1000
rng = np.random.RandomState(42)
n_out, n_in = n_samples // 2, n_samples - n_samples // 2
lin_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
lin_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
X = np.vstack([np.append(np.cos(lin_out), np.cos(lin_in) * 0.8),
               np.append(np.sin(lin_out), np.sin(lin_in) * 0.8)]).T
y = np.hstack([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
X += rng.normal(scale=0.03, size=X.shape)
perm = rng.permutation(n_samples)
X, y = X[perm], y[perm]
print(f"First 5 X features:\n{X[:5].round(4)}")
print(f"\nFirst 5 y labels:\n{y[:5]}")
print(X.shape, y.shape)

# Turn data into tensors
X = torch.from_numpy(X).type(torch.float)
y = torch.from_numpy(y).type(torch.float)
print(X[:5], y[:5])

# Split data into train and test sets (train_test_split re-done by slicing the shuffled data)
X_train, X_test = X[:800], X[800:]
y_train, y_test = y[:800], y[800:]
print(len(X_train), len(X_test), len(y_train), len(y_test))

device = "cuda" if torch.cuda.is_available() else "cpu"


def deterministic_init(module):
    # (added so the run is reproducible across libraries: weights from a fixed formula)
    if isinstance(module, nn.Linear):
        n = module.weight.numel()
        with torch.no_grad():
            module.weight.copy_(torch.sin(torch.arange(n, dtype=torch.float32) + 1).reshape(module.weight.shape) * 0.5)
            module.bias.fill_(0.01)


# 1. Construct a model class that subclasses nn.Module
class CircleModelV0(nn.Module):
    def __init__(self):
        super().__init__()
        # 2. Create 2 nn.Linear layers capable of handling X and y input and output shapes
        self.layer_1 = nn.Linear(in_features=2, out_features=5)  # takes in 2 features (X), produces 5 features
        self.layer_2 = nn.Linear(in_features=5, out_features=1)  # takes in 5 features, produces 1 feature (y)

    # 3. Define a forward method containing the forward pass computation
    def forward(self, x):
        # Return the output of layer_2, a single feature, the same shape as y
        return self.layer_2(self.layer_1(x))  # computation goes through layer_1 first then the output of layer_1 goes through layer_2


model_0 = CircleModelV0().to(device)
print(model_0)
model_0.apply(deterministic_init)

with torch.inference_mode():
    untrained_preds = model_0(X_test.to(device))
print(f"Length of predictions: {len(untrained_preds)}, Shape: {untrained_preds.shape}")
print(f"Length of test samples: {len(y_test)}, Shape: {y_test.shape}")
print(f"\nFirst 10 predictions:\n{untrained_preds[:10].round(decimals=4)}")
print(f"\nFirst 10 test labels:\n{y_test[:10]}")

loss_fn = nn.BCEWithLogitsLoss()  # BCEWithLogitsLoss = sigmoid built-in
optimizer = torch.optim.SGD(params=model_0.parameters(), lr=0.1)


# Calculate accuracy (a classification metric)
def accuracy_fn(y_true, y_pred):
    correct = torch.eq(y_true, y_pred).sum().item()  # torch.eq() calculates where two tensors are equal
    acc = (correct / len(y_pred)) * 100
    return acc


y_logits = model_0(X_test.to(device))[:5]
print(y_logits.round(decimals=4))
y_pred_probs = torch.sigmoid(y_logits)
print(y_pred_probs.round(decimals=4))
y_preds = torch.round(y_pred_probs)
y_pred_labels = torch.round(torch.sigmoid(model_0(X_test.to(device))[:5]))
print(torch.eq(y_preds.squeeze(), y_pred_labels.squeeze()))
print(y_preds.squeeze())

torch.manual_seed(42)
epochs = 100
X_train, y_train = X_train.to(device), y_train.to(device)
X_test, y_test = X_test.to(device), y_test.to(device)


def train(model, epochs, every):
    for epoch in range(epochs):
        ### Training
        model.train()
        # 1. Forward pass (model outputs raw logits)
        y_logits = model(X_train).squeeze()  # squeeze to remove extra `1` dimensions, this won't work unless model and data are on same device
        y_pred = torch.round(torch.sigmoid(y_logits))  # turn logits -> pred probs -> pred labls
        # 2. Calculate loss/accuracy
        loss = loss_fn(y_logits, y_train)
        acc = accuracy_fn(y_true=y_train, y_pred=y_pred)
        # 3. Optimizer zero grad
        optimizer.zero_grad()
        # 4. Loss backwards
        loss.backward()
        # 5. Optimizer step
        optimizer.step()

        ### Testing
        model.eval()
        with torch.inference_mode():
            # 1. Forward pass
            test_logits = model(X_test).squeeze()
            test_pred = torch.round(torch.sigmoid(test_logits))
            # 2. Caculate loss/accuracy
            test_loss = loss_fn(test_logits, y_test)
            test_acc = accuracy_fn(y_true=y_test, y_pred=test_pred)

        # Print out what's happening every 10 epochs
        if epoch % every == 0:
            print(f"Epoch: {epoch} | Loss: {loss:.4f}, Accuracy: {acc:.2f}% | Test loss: {test_loss:.4f}, Test acc: {test_acc:.2f}%")


train(model_0, 100, 10)


class CircleModelV2(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_1 = nn.Linear(in_features=2, out_features=10)
        self.layer_2 = nn.Linear(in_features=10, out_features=10)
        self.layer_3 = nn.Linear(in_features=10, out_features=1)
        self.relu = nn.ReLU()  # <- add in ReLU activation function
        # Can also put sigmoid in the model
        # This would mean you don't need to use it on the predictions
        # self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        # Intersperse the ReLU activation function between layers
        return self.layer_3(self.relu(self.layer_2(self.relu(self.layer_1(x)))))


model_3 = CircleModelV2().to(device)
model_3.apply(deterministic_init)
print(model_3)
loss_fn = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(model_3.parameters(), lr=0.1)
torch.manual_seed(42)
train(model_3, 1000, 100)

model_3.eval()
with torch.inference_mode():
    y_preds = torch.round(torch.sigmoid(model_3(X_test))).squeeze()
print(y_preds[:10], y[:10])

# Replicating non-linear activation functions
A = torch.arange(-10, 10, 1, dtype=torch.float32)
print(A)


def relu(x):
    return torch.maximum(torch.tensor(0), x)  # inputs must be tensors


def sigmoid(x):
    return 1 / (1 + torch.exp(-x))


print(relu(A))
print(torch.allclose(sigmoid(A), torch.sigmoid(A)))
