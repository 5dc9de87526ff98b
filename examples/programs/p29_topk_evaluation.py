# Evaluating a classifier: top-k accuracy, a confusion matrix, sorting predictions and per-class statistics.
import torch
import torch.nn.functional as F

logits = torch.tensor([[2.0, 1.0, 0.1, -1.0],
                       [0.5, 2.5, 0.3, 0.0],
                       [1.2, 0.2, 1.1, 3.0],
                       [0.0, 0.1, 0.2, 0.3],
                       [3.0, -2.0, 1.0, 2.9],
                       [0.1, 0.4, 2.2, 0.3]])
targets = torch.tensor([0, 1, 2, 3, 3, 2])
probabilities = F.softmax(logits, dim=1)
print("probabilities:\n", probabilities)

top2_values, top2_indices = probabilities.topk(2, dim=1)
print("top-2 classes:\n", top2_indices)
top1 = (top2_indices[:, 0] == targets).float().mean()
top2 = (top2_indices == targets.unsqueeze(1)).any(dim=1).float().mean()
print(f"top-1 accuracy {top1.item():.3f}, top-2 accuracy {top2.item():.3f}")

confidence, predicted = probabilities.max(dim=1)
order = torch.argsort(confidence, descending=True)
print("most confident first:", order.tolist())
sorted_conf, _ = torch.sort(confidence)
print("sorted confidences:", sorted_conf)

confusion = torch.zeros(4, 4, dtype=torch.long)
for t, p in zip(targets, predicted):
    confusion[t, p] += 1
print("confusion matrix:\n", confusion)
per_class = confusion.diagonal().float() / confusion.sum(1).clamp(min=1)
print("per-class recall:", per_class)
print("classes predicted:", torch.unique(predicted))
print("wrong predictions at:", torch.nonzero(predicted != targets).flatten().tolist())
print("nll:", round(F.nll_loss(torch.log(probabilities), targets).item(), 5))
print("median confidence:", round(confidence.median().item(), 5))
