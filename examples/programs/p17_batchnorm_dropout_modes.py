# train() and eval(): BatchNorm's running statistics and Dropout's scaling.
import torch
import torch.nn as nn

bn = nn.BatchNorm1d(3)
x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 6.0, 9.0], [5.0, 1.0, 0.0], [7.0, 3.0, 4.0]])
print("training:", bn.training)
y = bn(x)
print("normalised batch mean:", y.mean(0).abs().max().item() < 1e-6)
print("running_mean:", bn.running_mean)
print("running_var:", bn.running_var)
print("num_batches_tracked:", bn.num_batches_tracked)
bn.eval()
print("eval output:", bn(x[:1]))

dropout = nn.Dropout(p=0.5)
ones = torch.ones(1000)
torch.manual_seed(0)
dropped = dropout(ones)
print("kept values are scaled to", dropped.max().item())
print("roughly half kept:", 350 < int((dropped > 0).sum()) < 650)
dropout.eval()
print("eval is identity:", torch.equal(dropout(ones), ones))

model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.Dropout(0.2), nn.ReLU())
model.eval()
print([m.training for m in model.modules()])
model.train()
print([m.training for m in model.modules()])
print(model)
print(bn.state_dict().keys())
