# "Learn the Basics" datasets & transforms: a custom image Dataset over an annotations CSV and image files in a
# temporary directory (NumPy files stand in for PNGs), a ToTensor-like transform and a Lambda target transform that
# one-hot encodes with scatter_, a DataLoader iterated with next(iter(...)), and a labels_map.
import csv
import os
import tempfile

import numpy as np
import torch
from torch.utils.data import Dataset
from torch.utils.data import DataLoader


class Lambda:
    """Apply a user-defined lambda as a transform (as torchvision.transforms.Lambda)."""

    def __init__(self, lambd):
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)


class ToTensor:
    """HxWxC uint8 array -> CxHxW float tensor in [0, 1] (as torchvision.transforms.ToTensor)."""

    def __call__(self, pic):
        img = torch.from_numpy(pic).permute((2, 0, 1)).contiguous()
        return img.to(dtype=torch.get_default_dtype()).div(255)


def read_image(path):
    return np.load(path)


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file) as f:
            self.img_labels = list(csv.reader(f))
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        img_path = os.path.join(self.img_dir, self.img_labels[idx][0])
        image = read_image(img_path)
        label = int(self.img_labels[idx][1])
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label


rng = np.random.RandomState(0)
img_dir = tempfile.mkdtemp()
with open(os.path.join(img_dir, "labels.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    for i in range(10):
        np.save(os.path.join(img_dir, f"img{i}.npy"), rng.randint(0, 256, (28, 28, 1)).astype(np.uint8))
        writer.writerow([f"img{i}.npy", i % 10])

target_transform = Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))
training_data = CustomImageDataset(os.path.join(img_dir, "labels.csv"), img_dir, transform=ToTensor(),
                                   target_transform=target_transform)
print(len(training_data))

labels_map = {
    0: "T-Shirt",
    1: "Trouser",
    2: "Pullover",
    3: "Dress",
    4: "Coat",
    5: "Sandal",
    6: "Shirt",
    7: "Sneaker",
    8: "Bag",
    9: "Ankle Boot",
}
torch.manual_seed(0)
for i in range(1, 4):
    sample_idx = torch.randint(len(training_data), size=(1,)).item()
    img, label = training_data[sample_idx]
    print(sample_idx, img.shape, img.dtype, label)
img, label = training_data[3]
print(labels_map[label.argmax().item()])
print(img.squeeze()[0, :6], img.min() >= 0, img.max() <= 1)
print(label)

train_dataloader = DataLoader(training_data, batch_size=4, shuffle=True)
test_dataloader = DataLoader(training_data, batch_size=4, shuffle=True)

# Display image and label.
train_features, train_labels = next(iter(train_dataloader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
print(img.shape, f"Label: {label.shape}", label.sum())
for batch, (X, y) in enumerate(test_dataloader):
    print(batch, X.shape, y.sum(dim=1))

one_hot = torch.zeros(3, 5).scatter_(1, torch.tensor([[0], [4], [2]]), value=1)
print(one_hot)
print(torch.zeros(2, 4).scatter_(1, torch.tensor([[1, 3], [0, 0]]), 2.5, reduce='add'))
print(torch.nn.functional.one_hot(torch.tensor([3, 0, 1]), num_classes=4))

for name in os.listdir(img_dir):
    os.remove(os.path.join(img_dir, name))
os.rmdir(img_dir)
