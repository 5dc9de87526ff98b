# Writing custom datasets, transforms and collate functions (after the data-loading tutorial): a dict-returning
# Dataset, callable transform classes chained by a Compose, a padding collate_fn, and DataLoader options.
import torch
from torch.utils.data import DataLoader, Dataset, default_collate


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, sample):
        for t in self.transforms:
            sample = t(sample)
        return sample


class Rescale:
    def __init__(self, factor):
        assert isinstance(factor, (int, float))
        self.factor = factor

    def __call__(self, sample):
        image, landmarks = sample['image'], sample['landmarks']
        return {'image': image * self.factor, 'landmarks': landmarks * self.factor}


class RandomCrop:
    def __init__(self, output_size):
        self.output_size = output_size

    def __call__(self, sample):
        image, landmarks = sample['image'], sample['landmarks']
        h, w = image.shape[-2:]
        top = torch.randint(0, h - self.output_size + 1, (1,)).item()
        left = torch.randint(0, w - self.output_size + 1, (1,)).item()
        image = image[..., top: top + self.output_size, left: left + self.output_size]
        landmarks = landmarks - torch.tensor([left, top])
        return {'image': image, 'landmarks': landmarks}


class ToTensor:
    def __call__(self, sample):
        image, landmarks = sample['image'], sample['landmarks']
        return {'image': torch.as_tensor(image, dtype=torch.float32).unsqueeze(0),
                'landmarks': torch.as_tensor(landmarks, dtype=torch.float32)}


class FaceLandmarksDataset(Dataset):
    """Face Landmarks dataset (synthetic)."""

    def __init__(self, n, transform=None):
        self.n = n
        self.transform = transform

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        if torch.is_tensor(idx):
            idx = idx.tolist()
        image = [[float((r * 10 + c + idx) % 7) for c in range(10)] for r in range(10)]
        landmarks = [[idx % 5, (2 * idx) % 5], [3, 4]]
        sample = {'image': image, 'landmarks': landmarks}
        if self.transform:
            sample = self.transform(sample)
        return sample


plain = FaceLandmarksDataset(6, transform=ToTensor())
print(len(plain), plain[2]['image'].shape, plain[2]['landmarks'])
print(plain[torch.tensor(3)]['landmarks'])

torch.manual_seed(0)
transformed_dataset = FaceLandmarksDataset(8, transform=Compose([ToTensor(), Rescale(0.5), RandomCrop(6)]))
for i, sample in enumerate(transformed_dataset):
    print(i, sample['image'].size(), sample['landmarks'].size())
    if i == 2:
        break

dataloader = DataLoader(transformed_dataset, batch_size=3, shuffle=True, num_workers=0)
for i_batch, sample_batched in enumerate(dataloader):
    print(i_batch, sample_batched['image'].size(), sample_batched['landmarks'].size())

batch = default_collate([{'a': torch.tensor([1, 2]), 'b': 3.5, 'c': 'x'}, {'a': torch.tensor([3, 4]), 'b': 1.0, 'c': 'y'}])
print(batch)
print(default_collate([(1, 2.0), (3, 4.0)]), default_collate([[1, 2], [3, 4]]))


class Sentences(Dataset):
    def __init__(self):
        self.data = [[1, 2, 3], [4, 5], [6], [7, 8, 9, 10], [11, 12]]

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        return torch.tensor(self.data[i]), i % 2


def pad_collate(batch):
    sequences, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in sequences])
    padded = torch.nn.utils.rnn.pad_sequence(sequences, batch_first=True, padding_value=0)
    return padded, lengths, torch.tensor(labels)


loader = DataLoader(Sentences(), batch_size=2, collate_fn=pad_collate, drop_last=False)
for padded, lengths, labels in loader:
    print(padded, lengths, labels)
print(len(loader), loader.batch_size, loader.drop_last)
packed = torch.nn.utils.rnn.pack_padded_sequence(padded, lengths.cpu(), batch_first=True, enforce_sorted=False)
print(type(packed).__name__)
loader = DataLoader(Sentences(), batch_size=None)
print(next(iter(loader)))
g = torch.Generator()
g.manual_seed(7)
order1 = [int(b[1][0]) for b in DataLoader(Sentences(), batch_size=1, shuffle=True, generator=g, collate_fn=pad_collate)]
print(sorted(order1))
