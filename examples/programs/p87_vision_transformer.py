# Vision Transformers (UvA deep learning course, tutorial 15): img_to_patch, a pre-LayerNorm AttentionBlock on
# nn.MultiheadAttention, the VisionTransformer with a CLS token and learned positional embedding, trained with
# AdamW and MultiStepLR on random CIFAR-shaped images (a plain training loop in place of PyTorch Lightning).
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torch.utils.data as data


def img_to_patch(x, patch_size, flatten_channels=True):
    """
    Inputs:
        x - Tensor representing the image of shape [B, C, H, W]
        patch_size - Number of pixels per dimension of the patches (integer)
        flatten_channels - If True, the patches will be returned in a flattened format
                           as a feature vector instead of a image grid.
    """
    B, C, H, W = x.shape
    x = x.reshape(B, C, H // patch_size, patch_size, W // patch_size, patch_size)
    x = x.permute(0, 2, 4, 1, 3, 5)  # [B, H', W', C, p_H, p_W]
    x = x.flatten(1, 2)  # [B, H'*W', C, p_H, p_W]
    if flatten_channels:
        x = x.flatten(2, 4)  # [B, H'*W', C*p_H*p_W]
    return x


class AttentionBlock(nn.Module):
    def __init__(self, embed_dim, hidden_dim, num_heads, dropout=0.0):
        """
        Inputs:
            embed_dim - Dimensionality of input and attention feature vectors
            hidden_dim - Dimensionality of hidden layer in feed-forward network
                         (usually 2-4x larger than embed_dim)
            num_heads - Number of heads to use in the Multi-Head Attention block
            dropout - Amount of dropout to apply in the feed-forward network
        """
        super().__init__()

        self.layer_norm_1 = nn.LayerNorm(embed_dim)
        self.attn = nn.MultiheadAttention(embed_dim, num_heads)
        self.layer_norm_2 = nn.LayerNorm(embed_dim)
        self.linear = nn.Sequential(
            nn.Linear(embed_dim, hidden_dim),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden_dim, embed_dim),
            nn.Dropout(dropout),
        )

    def forward(self, x):
        inp_x = self.layer_norm_1(x)
        x = x + self.attn(inp_x, inp_x, inp_x)[0]
        x = x + self.linear(self.layer_norm_2(x))
        return x


class VisionTransformer(nn.Module):
    def __init__(self, embed_dim, hidden_dim, num_channels, num_heads, num_layers, num_classes, patch_size,
                 num_patches, dropout=0.0):
        super().__init__()

        self.patch_size = patch_size

        # Layers/Networks
        self.input_layer = nn.Linear(num_channels * (patch_size ** 2), embed_dim)
        self.transformer = nn.Sequential(
            *(AttentionBlock(embed_dim, hidden_dim, num_heads, dropout=dropout) for _ in range(num_layers))
        )
        self.mlp_head = nn.Sequential(nn.LayerNorm(embed_dim), nn.Linear(embed_dim, num_classes))
        self.dropout = nn.Dropout(dropout)

        # Parameters/Embeddings
        self.cls_token = nn.Parameter(torch.randn(1, 1, embed_dim))
        self.pos_embedding = nn.Parameter(torch.randn(1, 1 + num_patches, embed_dim))

    def forward(self, x):
        # Preprocess input
        x = img_to_patch(x, self.patch_size)
        B, T, _ = x.shape
        x = self.input_layer(x)

        # Add CLS token and positional encoding
        cls_token = self.cls_token.repeat(B, 1, 1)
        x = torch.cat([cls_token, x], dim=1)
        x = x + self.pos_embedding[:, : T + 1]

        # Apply Transforrmer
        x = self.dropout(x)
        x = x.transpose(0, 1)
        x = self.transformer(x)

        # Perform classification prediction
        cls = x[0]
        out = self.mlp_head(cls)
        return out


torch.manual_seed(42)
device = torch.device("cuda:0") if torch.cuda.is_available() else torch.device("cpu")
print("Device:", device)

images = torch.rand(48, 3, 16, 16)
labels = (images[:, 0].mean(dim=(1, 2)) > 0.5).long() + 2 * (images[:, 1].mean(dim=(1, 2)) > 0.5).long()
train_set, val_set = data.random_split(data.TensorDataset(images, labels), [40, 8],
                                       generator=torch.Generator().manual_seed(42))
train_loader = data.DataLoader(train_set, batch_size=8, shuffle=True, drop_last=True)
val_loader = data.DataLoader(val_set, batch_size=8, shuffle=False, drop_last=False)

img_patches = img_to_patch(images[:4], patch_size=4, flatten_channels=False)
print("Patches:", img_patches.shape, img_to_patch(images[:4], patch_size=4).shape)
print(torch.equal(img_patches[0, 1], images[0, :, 0:4, 4:8]))

model_kwargs = {
    "embed_dim": 32,
    "hidden_dim": 64,
    "num_heads": 4,
    "num_layers": 2,
    "patch_size": 4,
    "num_channels": 3,
    "num_patches": 16,
    "num_classes": 4,
    "dropout": 0.2,
}
model = VisionTransformer(**model_kwargs).to(device)
print(model.transformer[0])
print("Parameters:", sum(p.numel() for p in model.parameters()))
optimizer = optim.AdamW(model.parameters(), lr=3e-4)
lr_scheduler = optim.lr_scheduler.MultiStepLR(optimizer, milestones=[2, 4], gamma=0.1)

for epoch in range(5):
    model.train()
    for imgs, lbls in train_loader:
        imgs, lbls = imgs.to(device), lbls.to(device)
        preds = model(imgs)
        loss = F.cross_entropy(preds, lbls)
        acc = (preds.argmax(dim=-1) == lbls).float().mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    lr_scheduler.step()
    model.eval()
    with torch.no_grad():
        correct = sum((model(x.to(device)).argmax(dim=-1) == y.to(device)).sum().item() for x, y in val_loader)
    print(f"Epoch {epoch}: train_loss={loss.item():.4f} train_acc={acc.item():.3f} "
          f"val_acc={correct / len(val_set):.3f} lr={lr_scheduler.get_last_lr()[0]:.0e}")

attn = model.transformer[0].attn
x = torch.randn(17, 2, 32, device=device)
out, weights = attn(x, x, x)
print(out.shape, weights.shape, torch.allclose(weights.sum(-1), torch.ones(2, 17, device=device)))
out, weights = attn(x, x, x, average_attn_weights=False)
print(weights.shape, out.grad_fn is not None)
