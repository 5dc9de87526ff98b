# UvA DL tutorial 12 (Autoregressive Image Modeling), PixelCNN on synthetic 1x8x8 images with 4 intensity levels:
# MaskedConvolution (a registered mask buffer, F.conv2d with self.conv.weight * self.mask and dilation), the
# vertical and horizontal stack convolutions, the gated masked conv with chunk(2) and tanh*sigmoid, the receptive
# field shown with a gradient of one output pixel w.r.t. the input, the bits-per-dimension loss, a training loop
# and autoregressive sampling pixel by pixel with torch.multinomial.
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(42)
LEVELS = 4
base = torch.linspace(0, 1, 8)
imgs = ((base[None, :, None] + base[None, None, :] + 0.4 * torch.rand(128, 8, 8)) / 2.4 * LEVELS).long()
imgs = imgs.clamp(0, LEVELS - 1).unsqueeze(1)
print(imgs.shape, imgs.dtype, imgs.min().item(), imgs.max().item(), torch.bincount(imgs.flatten()).shape)


class MaskedConvolution(nn.Module):

    def __init__(self, c_in, c_out, mask, **kwargs):
        super().__init__()
        kernel_size = (mask.shape[0], mask.shape[1])
        dilation = 1 if "dilation" not in kwargs else kwargs["dilation"]
        padding = tuple([dilation * (kernel_size[i] - 1) // 2 for i in range(2)])
        self.conv = nn.Conv2d(c_in, c_out, kernel_size, padding=padding, **kwargs)
        self.register_buffer('mask', mask[None, None])

    def forward(self, x):
        self.conv.weight.data *= self.mask
        return self.conv(x)


class VerticalStackConvolution(MaskedConvolution):

    def __init__(self, c_in, c_out, kernel_size=3, mask_center=False, **kwargs):
        mask = torch.ones(kernel_size, kernel_size)
        mask[kernel_size // 2 + 1:, :] = 0
        if mask_center:
            mask[kernel_size // 2, :] = 0
        super().__init__(c_in, c_out, mask, **kwargs)


class HorizontalStackConvolution(MaskedConvolution):

    def __init__(self, c_in, c_out, kernel_size=3, mask_center=False, **kwargs):
        mask = torch.ones(1, kernel_size)
        mask[0, kernel_size // 2 + 1:] = 0
        if mask_center:
            mask[0, kernel_size // 2] = 0
        super().__init__(c_in, c_out, mask, **kwargs)


inp_img = torch.zeros(1, 1, 7, 7)
inp_img.requires_grad_()


def show_center_recep_field(img, out):
    loss = out[0, :, img.shape[2] // 2, img.shape[3] // 2].sum()
    loss.backward(retain_graph=True)
    img_grads = img.grad.abs()
    img.grad.fill_(0)
    img = (img_grads.squeeze().numpy() > 1e-8).astype(np.int64)
    print(img)


horiz_conv = HorizontalStackConvolution(c_in=1, c_out=1, kernel_size=3, mask_center=True)
horiz_conv.conv.weight.data.fill_(1)
horiz_conv.conv.bias.data.fill_(0)
horiz_img = horiz_conv(inp_img)
show_center_recep_field(inp_img, horiz_img)
vert_conv = VerticalStackConvolution(c_in=1, c_out=1, kernel_size=3, mask_center=True)
vert_conv.conv.weight.data.fill_(1)
vert_conv.conv.bias.data.fill_(0)
vert_img = vert_conv(inp_img)
show_center_recep_field(inp_img, vert_img)
horiz_noc_conv = HorizontalStackConvolution(c_in=1, c_out=1, kernel_size=3, mask_center=False)
horiz_noc_conv.conv.weight.data.fill_(1)
horiz_noc_conv.conv.bias.data.fill_(0)
vert_noc_conv = VerticalStackConvolution(c_in=1, c_out=1, kernel_size=3, mask_center=False)
vert_noc_conv.conv.weight.data.fill_(1)
vert_noc_conv.conv.bias.data.fill_(0)
for l_idx in range(2):
    vert_img = vert_noc_conv(vert_img)
    horiz_img = horiz_noc_conv(horiz_img) + vert_img
    print(f"Layer {l_idx + 2}")
    show_center_recep_field(inp_img, horiz_img)


class GatedMaskedConv(nn.Module):

    def __init__(self, c_in, **kwargs):
        super().__init__()
        self.conv_vert = VerticalStackConvolution(c_in, c_out=2 * c_in, **kwargs)
        self.conv_horiz = HorizontalStackConvolution(c_in, c_out=2 * c_in, **kwargs)
        self.conv_vert_to_horiz = nn.Conv2d(2 * c_in, 2 * c_in, kernel_size=1, padding=0)
        self.conv_horiz_1x1 = nn.Conv2d(c_in, c_in, kernel_size=1, padding=0)

    def forward(self, v_stack, h_stack):
        v_stack_feat = self.conv_vert(v_stack)
        v_val, v_gate = v_stack_feat.chunk(2, dim=1)
        v_stack_out = torch.tanh(v_val) * torch.sigmoid(v_gate)
        h_stack_feat = self.conv_horiz(h_stack)
        h_stack_feat = h_stack_feat + self.conv_vert_to_horiz(v_stack_feat)
        h_val, h_gate = h_stack_feat.chunk(2, dim=1)
        h_stack_feat = torch.tanh(h_val) * torch.sigmoid(h_gate)
        h_stack_out = self.conv_horiz_1x1(h_stack_feat)
        h_stack_out = h_stack_out + h_stack
        return v_stack_out, h_stack_out


class PixelCNN(nn.Module):

    def __init__(self, c_in, c_hidden, levels):
        super().__init__()
        self.levels = levels
        self.conv_vstack = VerticalStackConvolution(c_in, c_hidden, mask_center=True)
        self.conv_hstack = HorizontalStackConvolution(c_in, c_hidden, mask_center=True)
        self.conv_layers = nn.ModuleList([
            GatedMaskedConv(c_hidden),
            GatedMaskedConv(c_hidden, dilation=2),
            GatedMaskedConv(c_hidden)
        ])
        self.conv_out = nn.Conv2d(c_hidden, c_in * levels, kernel_size=1, padding=0)

    def forward(self, x):
        x = (x.float() / (self.levels - 1)) * 2 - 1
        v_stack = self.conv_vstack(x)
        h_stack = self.conv_hstack(x)
        for layer in self.conv_layers:
            v_stack, h_stack = layer(v_stack, h_stack)
        out = self.conv_out(F.elu(h_stack))
        out = out.reshape(out.shape[0], self.levels, out.shape[1] // self.levels, out.shape[2], out.shape[3])
        return out

    def calc_likelihood(self, x):
        pred = self.forward(x)
        nll = F.cross_entropy(pred, x, reduction='none')
        bpd = nll.mean(dim=[1, 2, 3]) * np.log2(np.exp(1))
        return bpd.mean()

    @torch.no_grad()
    def sample(self, img_shape, img=None):
        if img is None:
            img = torch.zeros(img_shape, dtype=torch.long) - 1
        for h in range(img_shape[2]):
            for w in range(img_shape[3]):
                for c in range(img_shape[1]):
                    if (img[:, c, h, w] != -1).all().item():
                        continue
                    pred = self.forward(img[:, :, :h + 1, :])
                    probs = F.softmax(pred[:, :, c, h, w], dim=-1)
                    img[:, c, h, w] = torch.multinomial(probs, num_samples=1).squeeze(dim=-1)
        return img


torch.manual_seed(1)
model = PixelCNN(c_in=1, c_hidden=16, levels=LEVELS)
print(model.conv_layers[1].conv_vert.conv)
print(model.conv_vstack.mask.squeeze())
print(model.conv_hstack.mask.squeeze())
print(sum(p.numel() for p in model.parameters()), [n for n, _ in model.named_buffers()][:3])
out = model(imgs[:2])
print(out.shape, out.grad_fn)
print(f"bpd of the untrained model {model.calc_likelihood(imgs[:16]).item():.4f}")
print(f"uniform baseline {math.log2(LEVELS):.4f}")

optimizer = optim.Adam(model.parameters(), lr=1e-2)
scheduler = optim.lr_scheduler.StepLR(optimizer, 1, gamma=0.9)
for epoch in range(4):
    total = 0.0
    for i in range(0, imgs.shape[0], 32):
        loss = model.calc_likelihood(imgs[i:i + 32])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    scheduler.step()
    print(f"epoch {epoch} train bpd {total / 4:.4f}")
model.eval()
print(f"test bpd {model.calc_likelihood(imgs[:32]).item():.4f}")

torch.manual_seed(3)
samples = model.sample(img_shape=(4, 1, 8, 8))
print(samples.shape, samples.dtype, bool((samples >= 0).all()), bool((samples < LEVELS).all()))
partial = imgs[:2].clone()
partial[:, :, 4:, :] = -1
completed = model.sample((2, 1, 8, 8), img=partial)
print(torch.equal(completed[:, :, :4], imgs[:2, :, :4]), completed.shape)
