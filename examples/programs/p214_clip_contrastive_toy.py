# CLIP's training objective as the paper's numpy-like pseudocode and the OpenAI / open_clip model code define it
# (Radford et al. 2021; our own code): two encoders, L2-normalised projections, a learnable temperature stored as
# logit_scale = log(1/0.07) and clamped at 100, the symmetric cross entropy over the batch's similarity matrix,
# zero-shot classification with "prompt" embeddings, image->text retrieval recall@k, and the loss's gradient
# with respect to the temperature checked by hand.
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# synthetic paired data: 8 concepts; an "image" is a noisy 20-d rendering of its concept, a "caption" is a bag
# of 3 word ids drawn from the concept's 4-word vocabulary among 32 words
C, IMG, VOCAB = 8, 20, 32
render = torch.randn(C, IMG)
words = torch.arange(C * 4).view(C, 4)


def make_pairs(n, generator):
    concept = torch.randint(0, C, (n,), generator=generator)
    images = render[concept] + 0.7 * torch.randn(n, IMG, generator=generator)
    pick = torch.randint(0, 4, (n, 3), generator=generator)
    captions = words[concept[:, None], pick]
    return images, captions, concept


class ImageEncoder(nn.Module):
    def __init__(self, width, embed_dim):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(IMG, width), nn.GELU(), nn.LayerNorm(width), nn.Linear(width, width))
        self.proj = nn.Parameter(width ** -0.5 * torch.randn(width, embed_dim))

    def forward(self, x):
        return self.net(x) @ self.proj


class TextEncoder(nn.Module):
    def __init__(self, width, embed_dim):
        super().__init__()
        self.token_embedding = nn.EmbeddingBag(VOCAB, width, mode="mean")
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(width ** -0.5 * torch.randn(width, embed_dim))

    def forward(self, tokens):
        return self.ln_final(self.token_embedding(tokens)) @ self.text_projection


class CLIP(nn.Module):
    def __init__(self, width=32, embed_dim=16):
        super().__init__()
        self.visual = ImageEncoder(width, embed_dim)
        self.text = TextEncoder(width, embed_dim)
        self.logit_scale = nn.Parameter(torch.ones([]) * np.log(1 / 0.07))

    def encode_image(self, image):
        return self.visual(image)

    def encode_text(self, text):
        return self.text(text)

    def forward(self, image, text):
        image_features = self.encode_image(image)
        text_features = self.encode_text(text)
        image_features = image_features / image_features.norm(dim=1, keepdim=True)
        text_features = text_features / text_features.norm(dim=1, keepdim=True)
        logit_scale = self.logit_scale.exp()
        logits_per_image = logit_scale * image_features @ text_features.t()
        logits_per_text = logits_per_image.t()
        return logits_per_image, logits_per_text


def clip_loss(logits_per_image, logits_per_text):
    labels = torch.arange(logits_per_image.shape[0], device=logits_per_image.device)
    return (F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_text, labels)) / 2


model = CLIP()
print("logit_scale:", model.logit_scale, model.logit_scale.dtype)
print("initial temperature:", round(1 / model.logit_scale.exp().item(), 4))
print(sum(p.numel() for p in model.parameters()), "parameters")

g = torch.Generator().manual_seed(1)
images, captions, concept = make_pairs(6, g)
logits_per_image, logits_per_text = model(images, captions)
print(logits_per_image.shape, torch.equal(logits_per_text, logits_per_image.T))
loss = clip_loss(logits_per_image, logits_per_text)
print("loss at init:", round(loss.item(), 4), "log(batch):", round(math.log(6), 4))

# d loss / d logit_scale = mean over both directions of (sum_j p_ij s_ij - s_ii) * exp(logit_scale)
loss.backward()
with torch.no_grad():
    s = logits_per_image / model.logit_scale.exp()
    p_i, p_t = logits_per_image.softmax(1), logits_per_image.softmax(0)
    by_hand = 0.5 * (((p_i * s).sum(1) - s.diagonal()).mean() + ((p_t * s).sum(0) - s.diagonal()).mean())
    by_hand = by_hand * model.logit_scale.exp()
print("grad of logit_scale:", torch.allclose(model.logit_scale.grad, by_hand, atol=1e-6))

torch.manual_seed(2)
model = CLIP()
opt = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.1, betas=(0.9, 0.98), eps=1e-6)
for step in range(200):
    images, captions, concept = make_pairs(64, g)
    logits_per_image, logits_per_text = model(images, captions)
    loss = clip_loss(logits_per_image, logits_per_text)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        model.logit_scale.clamp_(0, math.log(100))
    if step % 50 == 0 or step == 199:
        print(f"step {step:3d} loss {loss.item():.4f} temperature {1 / model.logit_scale.exp().item():.4f}")

# zero-shot classification: one "prompt" per concept made of its 4 words
model.eval()
with torch.no_grad():
    images, captions, concept = make_pairs(200, g)
    image_features = F.normalize(model.encode_image(images), dim=-1)
    text_features = F.normalize(model.encode_text(words), dim=-1)
    text_probs = (100.0 * image_features @ text_features.T).softmax(dim=-1)
    top_probs, top_labels = text_probs.topk(3, dim=-1)
    print("zero-shot accuracy:", (top_labels[:, 0] == concept).float().mean().item())
    print("first image's top-3 concepts:", top_labels[0].tolist(), "true:", concept[0].item())
    # retrieval among 200 captions: a hit when one of an image's k nearest captions describes its concept (many
    # captions share a word bag, so exact-pair ranks would hinge on round-off between equal similarities)
    caption_features = F.normalize(model.encode_text(captions), dim=-1)
    sims = image_features @ caption_features.T
    for k in (1, 5):
        nearest = sims.topk(k, dim=1).indices
        hits = (concept[nearest] == concept[:, None]).any(1)
        print(f"image->text recall@{k}: {hits.float().mean().item():.3f}")
