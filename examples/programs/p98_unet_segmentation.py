# A U-Net for segmentation in the style of milesial/Pytorch-UNet (unet_parts.py, dice_score.py, train.py):
# DoubleConv/Down/Up/OutConv blocks, ConvTranspose2d or bilinear Upsample with F.pad to match sizes, torch.cat skip
# connections, the Dice loss on softmax + one_hot, RMSprop with ReduceLROnPlateau, gradient clipping; random
# 1x20x20 images with a bright-square mask in place of the Carvana data.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim
from torch.utils.data import DataLoader, random_split, TensorDataset


class DoubleConv(nn.Module):
    """(convolution => [BN] => ReLU) * 2"""

    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        if not mid_channels:
            mid_channels = out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(mid_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True)
        )

    def forward(self, x):
        return self.double_conv(x)


class Down(nn.Module):
    """Downscaling with maxpool then double conv"""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(
            nn.MaxPool2d(2),
            DoubleConv(in_channels, out_channels)
        )

    def forward(self, x):
        return self.maxpool_conv(x)


class Up(nn.Module):
    """Upscaling then double conv"""

    def __init__(self, in_channels, out_channels, bilinear=True):
        super().__init__()

        # if bilinear, use the normal convolutions to reduce the number of channels
        if bilinear:
            self.up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
            self.conv = DoubleConv(in_channels, out_channels, in_channels // 2)
        else:
            self.up = nn.ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)
            self.conv = DoubleConv(in_channels, out_channels)

    def forward(self, x1, x2):
        x1 = self.up(x1)
        # input is CHW
        diffY = x2.size()[2] - x1.size()[2]
        diffX = x2.size()[3] - x1.size()[3]

        x1 = F.pad(x1, [diffX // 2, diffX - diffX // 2,
                        diffY // 2, diffY - diffY // 2])
        # if you have padding issues, see
        # https://github.com/HaiyongJiang/U-Net-Pytorch-Unstructured-Buggy/commit/0e854509c2cea854e247a9c615f175f76fbb2e3a
        # https://github.com/xiaopeng-liao/Pytorch-UNet/commit/8ebac70e633bac59fc22bb5195e513d5832fb3bd
        x = torch.cat([x2, x1], dim=1)
        return self.conv(x)


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super(OutConv, self).__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=1)

    def forward(self, x):
        return self.conv(x)


class UNet(nn.Module):
    def __init__(self, n_channels, n_classes, bilinear=False):
        super(UNet, self).__init__()
        self.n_channels = n_channels
        self.n_classes = n_classes
        self.bilinear = bilinear

        self.inc = (DoubleConv(n_channels, 8))
        self.down1 = (Down(8, 16))
        factor = 2 if bilinear else 1
        self.down2 = (Down(16, 32 // factor))
        self.up1 = (Up(32, 16 // factor, bilinear))
        self.up2 = (Up(16, 8, bilinear))
        self.outc = (OutConv(8, n_classes))

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x = self.up1(x3, x2)
        x = self.up2(x, x1)
        logits = self.outc(x)
        return logits


def dice_coeff(input, target, reduce_batch_first=False, epsilon=1e-6):
    # Average of Dice coefficient for all batches, or for a single mask
    assert input.size() == target.size()
    assert input.dim() == 3 or not reduce_batch_first

    sum_dim = (-1, -2) if input.dim() == 2 or not reduce_batch_first else (-1, -2, -3)

    inter = 2 * (input * target).sum(dim=sum_dim)
    sets_sum = input.sum(dim=sum_dim) + target.sum(dim=sum_dim)
    sets_sum = torch.where(sets_sum == 0, inter, sets_sum)

    dice = (inter + epsilon) / (sets_sum + epsilon)
    return dice.mean()


def multiclass_dice_coeff(input, target, reduce_batch_first=False, epsilon=1e-6):
    # Average of Dice coefficient for all classes
    return dice_coeff(input.flatten(0, 1), target.flatten(0, 1), reduce_batch_first, epsilon)


def dice_loss(input, target, multiclass=False):
    # Dice loss (objective to minimize) between 0 and 1
    fn = multiclass_dice_coeff if multiclass else dice_coeff
    return 1 - fn(input, target, reduce_batch_first=True)


torch.manual_seed(0)
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
images = torch.rand(24, 1, 20, 20) * 0.5
masks = torch.zeros(24, 20, 20, dtype=torch.long)
for i in range(24):
    r, c = 2 + (i * 3) % 10, 3 + (i * 5) % 9
    images[i, 0, r:r + 7, c:c + 7] += 0.5
    masks[i, r:r + 7, c:c + 7] = 1
dataset = TensorDataset(images, masks)
n_val = int(len(dataset) * 0.25)
n_train = len(dataset) - n_val
train_set, val_set = random_split(dataset, [n_train, n_val], generator=torch.Generator().manual_seed(0))
loader_args = dict(batch_size=6, num_workers=0, pin_memory=False)
train_loader = DataLoader(train_set, shuffle=True, **loader_args)
val_loader = DataLoader(val_set, shuffle=False, drop_last=True, **loader_args)

model = UNet(n_channels=1, n_classes=2, bilinear=False)
model = model.to(memory_format=torch.channels_last)
model.to(device=device)
print(f'Network:\n\t{model.n_channels} input channels\n\t{model.n_classes} output channels (classes)\n\t'
      f'{"Bilinear" if model.bilinear else "Transposed conv"} upscaling')
print(model.up1)

optimizer = optim.RMSprop(model.parameters(), lr=1e-3, weight_decay=1e-8, momentum=0.999, foreach=True)
scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, 'max', patience=1)  # goal: maximize Dice score
criterion = nn.CrossEntropyLoss() if model.n_classes > 1 else nn.BCEWithLogitsLoss()
global_step = 0


@torch.inference_mode()
def evaluate(net, dataloader, device):
    net.eval()
    num_val_batches = len(dataloader)
    dice_score = 0
    for image, mask_true in dataloader:
        image = image.to(device=device, dtype=torch.float32, memory_format=torch.channels_last)
        mask_true = mask_true.to(device=device, dtype=torch.long)
        mask_pred = net(image)
        mask_true = F.one_hot(mask_true, net.n_classes).permute(0, 3, 1, 2).float()
        mask_pred = F.one_hot(mask_pred.argmax(dim=1), net.n_classes).permute(0, 3, 1, 2).float()
        dice_score += multiclass_dice_coeff(mask_pred[:, 1:], mask_true[:, 1:], reduce_batch_first=False)
    net.train()
    return dice_score / max(num_val_batches, 1)


for epoch in range(1, 4):
    model.train()
    epoch_loss = 0
    for images_b, true_masks in train_loader:
        images_b = images_b.to(device=device, dtype=torch.float32, memory_format=torch.channels_last)
        true_masks = true_masks.to(device=device, dtype=torch.long)
        masks_pred = model(images_b)
        loss = criterion(masks_pred, true_masks)
        loss += dice_loss(
            F.softmax(masks_pred, dim=1).float(),
            F.one_hot(true_masks, model.n_classes).permute(0, 3, 1, 2).float(),
            multiclass=True
        )
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        global_step += 1
        epoch_loss += loss.item()
    val_score = evaluate(model, val_loader, device)
    scheduler.step(val_score)
    print(f'Epoch {epoch}: loss {epoch_loss / len(train_loader):.4f} step {global_step} '
          f'Validation Dice score: {val_score:.4f} lr {optimizer.param_groups[0]["lr"]:.1e}')

bilinear_net = UNet(n_channels=1, n_classes=1, bilinear=True)
out = bilinear_net(torch.rand(2, 1, 20, 20))
print(bilinear_net.up1.up, out.shape, bilinear_net.up1.conv.double_conv[0])
print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)(torch.tensor([[[[0.0, 1.0], [2.0, 3.0]]]])))
x1, x2 = torch.ones(1, 1, 3, 3), torch.zeros(1, 1, 5, 6)
diffY, diffX = x2.size()[2] - x1.size()[2], x2.size()[3] - x1.size()[3]
print(F.pad(x1, [diffX // 2, diffX - diffX // 2, diffY // 2, diffY - diffY // 2])[0, 0])
p = torch.tensor([[[0.9, 0.1], [0.8, 0.0]]])
t = torch.tensor([[[1.0, 0.0], [1.0, 0.0]]])
print(dice_coeff(p, t), dice_loss(p, t), F.one_hot(torch.tensor([[0, 1], [1, 1]]), 2).shape)
