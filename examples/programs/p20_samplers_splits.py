# Samplers and splits: random_split, Subset, ConcatDataset, SubsetRandomSampler, WeightedRandomSampler,
# BatchSampler and a sampler passed to a DataLoader.
import torch
from torch.utils.data import (BatchSampler, ConcatDataset, DataLoader, RandomSampler, SequentialSampler, Subset,
                              SubsetRandomSampler, TensorDataset, WeightedRandomSampler, random_split)

dataset = TensorDataset(torch.arange(10.0), torch.arange(10) % 2)
train, valid = random_split(dataset, [8, 2], generator=torch.Generator().manual_seed(0))
print("split sizes:", len(train), len(valid))
print("split covers everything:", sorted(train.indices + valid.indices) == list(range(10)))
print("a split's indices:", train.indices)

subset = Subset(dataset, [0, 2, 4])
print("subset:", [subset[i][0].item() for i in range(len(subset))])
both = ConcatDataset([subset, Subset(dataset, [9])])
print("concat:", len(both), both[3])

print("sequential:", list(SequentialSampler(range(5))))
print("batches:", list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False)))
print("batches, drop_last:", list(BatchSampler(range(7), batch_size=3, drop_last=True)))

torch.manual_seed(0)
print("random sampler:", list(RandomSampler(range(6))))
print("subset random sampler:", sorted(SubsetRandomSampler([1, 3, 5])))
weights = torch.tensor([0.0, 0.0, 1.0, 1.0])
drawn = list(WeightedRandomSampler(weights, num_samples=20, replacement=True))
print("weighted draws only 2 and 3:", set(drawn) <= {2, 3}, len(drawn))

loader = DataLoader(dataset, batch_size=4, sampler=SubsetRandomSampler(list(range(0, 10, 2))))
seen = torch.cat([x for x, _ in loader])
print("sampled evens:", sorted(seen.tolist()))
class_counts = torch.stack([(dataset.tensors[1] == c).sum() for c in range(2)])
print("class counts:", class_counts)
