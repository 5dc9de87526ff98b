# UvA Deep Learning Course, Tutorial 6: the sequence-to-sequence reverse task (TransformerPredictor, plain loop)
from functools import partial
import math
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.data as data
import torch.optim as optim

torch.manual_seed(42)
device = torch.device("cpu")


class ReverseDataset(data.Dataset):

    def __init__(self, num_categories, seq_len, size):
        super().__init__()
        self.num_categories = num_categories
        self.seq_len = seq_len
        self.size = size

        self.data = torch.randint(self.num_categories, size=(self.size, self.seq_len))

    def __len__(self):
        return self.size

    def __getitem__(self, idx):
        inp_data = self.data[idx]
        labels = torch.flip(inp_data, dims=(0,))
        return inp_data, labels


dataset = partial(ReverseDataset, 6, 8)
train_loader = data.DataLoader(dataset(2000), batch_size=64, shuffle=True, drop_last=True, pin_memory=True)
val_loader = data.DataLoader(dataset(200), batch_size=64)
inp_data, labels = train_loader.dataset[0]
print("Input data shape:", inp_data.shape, inp_data.dtype)
print("Labels reverse input:", torch.equal(labels, inp_data.flip(0)))
print("Batches per epoch:", len(train_loader), "val:", len(val_loader))


class PositionalEncoding(nn.Module):

    def __init__(self, d_model, max_len=5000):
        super().__init__()
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len, dtype=torch.float).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        pe = pe.unsqueeze(0)
        self.register_buffer('pe', pe, persistent=False)

    def forward(self, x):
        x = x + self.pe[:, :x.size(1)]
        return x


class TransformerPredictor(nn.Module):

    def __init__(self, input_dim, model_dim, num_classes, num_heads, num_layers, dropout=0.0, input_dropout=0.0):
        super().__init__()
        # Input dim -> Model dim
        self.input_net = nn.Sequential(
            nn.Dropout(input_dropout),
            nn.Linear(input_dim, model_dim)
        )
        # Positional encoding for sequences
        self.positional_encoding = PositionalEncoding(d_model=model_dim)
        # Transformer
        layer = nn.TransformerEncoderLayer(d_model=model_dim, nhead=num_heads, dim_feedforward=2*model_dim,
                                           dropout=dropout, batch_first=True)
        self.transformer = nn.TransformerEncoder(layer, num_layers=num_layers, enable_nested_tensor=False)
        # Output classifier per sequence lement
        self.output_net = nn.Sequential(
            nn.Linear(model_dim, model_dim),
            nn.LayerNorm(model_dim),
            nn.ReLU(inplace=True),
            nn.Dropout(dropout),
            nn.Linear(model_dim, num_classes)
        )

    def forward(self, x, mask=None, add_positional_encoding=True):
        x = self.input_net(x)
        if add_positional_encoding:
            x = self.positional_encoding(x)
        x = self.transformer(x, mask=mask)
        x = self.output_net(x)
        return x


class ReversePredictor:
    """The notebook's Lightning module, as a plain class with the same _calculate_loss."""

    def __init__(self, model, num_classes):
        self.model = model
        self.num_classes = num_classes

    def _calculate_loss(self, batch, mode="train"):
        # Fetch data and transform categories to one-hot vectors
        inp_data, labels = batch
        inp_data = F.one_hot(inp_data, num_classes=self.num_classes).float()

        # Perform prediction and calculate loss and accuracy
        preds = self.model(inp_data, add_positional_encoding=True)
        loss = F.cross_entropy(preds.view(-1, preds.size(-1)), labels.view(-1))
        acc = (preds.argmax(dim=-1) == labels).float().mean()
        return loss, acc


model = TransformerPredictor(input_dim=6, model_dim=32, num_classes=6, num_heads=1, num_layers=1)
reverse = ReversePredictor(model, num_classes=6)
optimizer = optim.Adam(model.parameters(), lr=5e-3)
print(model.transformer.layers[0].self_attn)
print("Parameters:", sum(p.numel() for p in model.parameters()))

train_accs = []
for epoch in range(6):
    model.train()
    for batch in train_loader:
        loss, acc = reverse._calculate_loss(batch)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
        optimizer.step()
    train_accs.append(acc.item())
    model.eval()
    with torch.no_grad():
        val_acc = np.mean([reverse._calculate_loss(b, "val")[1].item() for b in val_loader])
    print(f"Epoch {epoch}: val acc above 0.5: {val_acc > 0.5}")

with torch.no_grad():
    inp, lab = next(iter(val_loader))
    preds = model(F.one_hot(inp, num_classes=6).float())
print("Prediction shape:", preds.shape)
print("Final val accuracy above 0.95:", val_acc > 0.95)
