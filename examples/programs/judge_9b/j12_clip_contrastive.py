# CLIP-style contrastive image-text training, as the CLIP paper's numpy-like pseudocode and the "CLIP from
# scratch" course notebooks (e.g. Shariatnia's simple CLIP tutorial) write it, on synthetic data: images are
# 1x12x12 pictures of a shape at a colour intensity, captions are token ids ("a", size, shape); an image
# encoder CNN and a text encoder (embedding + small Transformer encoder, mean pooling over a padding mask),
# projection heads with L2 normalisation, a learned logit_scale initialised to log(1/0.07) and clamped, the
# symmetric cross-entropy loss, retrieval accuracy, and zero-shot classification with caption prompts.
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
shapes, sizes = ["square", "cross", "bar"], ["small", "big"]
vocab = ["<pad>", "a", "photo", "of"] + sizes + shapes
tok = {w: i for i, w in enumerate(vocab)}


def draw(shape, size, gen):
    img = torch.randn(1, 12, 12, generator=gen) * 0.1
    s = 3 if size == "small" else 6
    r, c = torch.randint(0, 12 - s + 1, (2,), generator=gen).tolist()
    if shape == "square":
        img[0, r:r + s, c:c + s] += 1
    elif shape == "cross":
        img[0, r + s // 2, c:c + s] += 1
        img[0, r:r + s, c + s // 2] += 1
    else:
        img[0, r:r + s, c + s // 2] += 1
    return img


def caption(shape, size, prompt=False):
    words = (["a", "photo", "of", "a"] if prompt else ["a"]) + [size, shape]
    ids = [tok[w] for w in words]
    return torch.tensor(ids + [0] * (6 - len(ids)))


def batch(n, gen):
    pairs = [(shapes[i % 3], sizes[(i // 3) % 2]) for i in torch.randperm(n, generator=gen).tolist()]
    imgs = torch.stack([draw(sh, sz, gen) for sh, sz in pairs])
    caps = torch.stack([caption(sh, sz, prompt=k % 2 == 0) for k, (sh, sz) in enumerate(pairs)])
    return imgs, caps, pairs


class ImageEncoder(nn.Module):
    def __init__(self, dim=32):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                 nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                                 nn.Flatten(), nn.Linear(32, dim))

    def forward(self, x):
        return self.net(x)


class TextEncoder(nn.Module):
    def __init__(self, dim=32):
        super().__init__()
        self.embed = nn.Embedding(len(vocab), dim, padding_idx=0)
        self.pos = nn.Parameter(torch.randn(6, dim) * 0.02)
        layer = nn.TransformerEncoderLayer(dim, 4, 64, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)

    def forward(self, ids):
        pad = ids == 0
        h = self.encoder(self.embed(ids) + self.pos, src_key_padding_mask=pad)
        keep = (~pad).unsqueeze(-1).float()
        return (h * keep).sum(1) / keep.sum(1)


class CLIP(nn.Module):
    def __init__(self, dim=32, embed_dim=16):
        super().__init__()
        self.image_encoder, self.text_encoder = ImageEncoder(dim), TextEncoder(dim)
        self.image_projection = nn.Linear(dim, embed_dim, bias=False)
        self.text_projection = nn.Linear(dim, embed_dim, bias=False)
        self.logit_scale = nn.Parameter(torch.ones([]) * math.log(1 / 0.07))

    def encode_image(self, x):
        return F.normalize(self.image_projection(self.image_encoder(x)), dim=-1)

    def encode_text(self, ids):
        return F.normalize(self.text_projection(self.text_encoder(ids)), dim=-1)

    def forward(self, images, texts):
        I_e, T_e = self.encode_image(images), self.encode_text(texts)
        logits = self.logit_scale.exp() * I_e @ T_e.t()
        labels = torch.arange(len(images))
        loss_i = F.cross_entropy(logits, labels)
        loss_t = F.cross_entropy(logits.t(), labels)
        return (loss_i + loss_t) / 2, logits


model = CLIP()
print("logit scale: %.4f" % model.logit_scale.exp().item())
print("parameters:", sum(p.numel() for p in model.parameters()))
gen = torch.Generator().manual_seed(1)
imgs, caps, pairs = batch(6, gen)
print("captions:", caps.shape, "first:", [vocab[i] for i in caps[0].tolist() if i])
loss, logits = model(imgs, caps)
print("initial loss near log(6): %.2f" % loss.item(), "logits:", tuple(logits.shape))

opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.1)
for step in range(201):
    imgs, caps, _ = batch(6, gen)   # the 6 (shape, size) classes once each: no duplicate pairs
    loss, logits = model(imgs, caps)
    opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        model.logit_scale.clamp_(0, math.log(100))
    if step % 50 == 0:
        acc = (logits.argmax(1) == torch.arange(6)).float().mean().item()
        print(f"step {step} loss {loss.item():.4f} image->text acc {acc:.3f}")
print("logit scale grew:", model.logit_scale.exp().item() > 1 / 0.07)

# zero-shot classification with prompts "a photo of a {size} {shape}"
model.eval()
classes = [(sh, sz) for sz in sizes for sh in shapes]
prompts = torch.stack([caption(sh, sz, prompt=True) for sh, sz in classes])
with torch.no_grad():
    text_features = model.encode_text(prompts)
    imgs, _, pairs = batch(60, gen)
    image_features = model.encode_image(imgs)
    probs = (100.0 * image_features @ text_features.T).softmax(dim=-1)
pred = probs.argmax(1)
truth = torch.tensor([classes.index(p) for p in pairs])
print("zero-shot accuracy above chance:", (pred == truth).float().mean().item() > 1 / 6)
print("probabilities sum to one:", torch.allclose(probs.sum(1), torch.ones(60)))
values, indices = probs[0].topk(3)
print("top-3 for the first image:", [f"{classes[i][1]} {classes[i][0]}" for i in indices.tolist()],
      "true:", f"{pairs[0][1]} {pairs[0][0]}")
