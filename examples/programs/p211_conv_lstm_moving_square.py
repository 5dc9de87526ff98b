# A convolutional LSTM (Shi et al. 2015) in the style of the widely used ndrplz/ConvLSTM_pytorch module (our
# own code): a ConvLSTMCell whose four gates come from one Conv2d over [input, hidden], a multi-layer ConvLSTM
# with batch_first, return_all_layers and init_hidden, trained to predict the next frame of a synthetic
# "moving square" video (a toy Moving MNIST), with BCE-with-logits loss (pos_weight for the sparse foreground), gradient clipping and teacher-forced /
# autoregressive evaluation.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class ConvLSTMCell(nn.Module):
    def __init__(self, input_dim, hidden_dim, kernel_size, bias):
        super().__init__()
        self.input_dim = input_dim
        self.hidden_dim = hidden_dim
        self.kernel_size = kernel_size
        self.padding = kernel_size[0] // 2, kernel_size[1] // 2
        self.bias = bias
        self.conv = nn.Conv2d(in_channels=self.input_dim + self.hidden_dim, out_channels=4 * self.hidden_dim,
                              kernel_size=self.kernel_size, padding=self.padding, bias=self.bias)

    def forward(self, input_tensor, cur_state):
        h_cur, c_cur = cur_state
        combined = torch.cat([input_tensor, h_cur], dim=1)
        combined_conv = self.conv(combined)
        cc_i, cc_f, cc_o, cc_g = torch.split(combined_conv, self.hidden_dim, dim=1)
        i = torch.sigmoid(cc_i)
        f = torch.sigmoid(cc_f)
        o = torch.sigmoid(cc_o)
        g = torch.tanh(cc_g)
        c_next = f * c_cur + i * g
        h_next = o * torch.tanh(c_next)
        return h_next, c_next

    def init_hidden(self, batch_size, image_size):
        height, width = image_size
        return (torch.zeros(batch_size, self.hidden_dim, height, width, device=self.conv.weight.device),
                torch.zeros(batch_size, self.hidden_dim, height, width, device=self.conv.weight.device))


class ConvLSTM(nn.Module):
    def __init__(self, input_dim, hidden_dim, kernel_size, num_layers, batch_first=False, bias=True,
                 return_all_layers=False):
        super().__init__()
        if not isinstance(hidden_dim, list):
            hidden_dim = [hidden_dim] * num_layers
        if not isinstance(kernel_size, list):
            kernel_size = [kernel_size] * num_layers
        self.hidden_dim, self.num_layers = hidden_dim, num_layers
        self.batch_first, self.return_all_layers = batch_first, return_all_layers
        cell_list = []
        for i in range(0, self.num_layers):
            cur_input_dim = input_dim if i == 0 else self.hidden_dim[i - 1]
            cell_list.append(ConvLSTMCell(cur_input_dim, self.hidden_dim[i], kernel_size[i], bias))
        self.cell_list = nn.ModuleList(cell_list)

    def forward(self, input_tensor, hidden_state=None):
        if not self.batch_first:
            input_tensor = input_tensor.permute(1, 0, 2, 3, 4)
        b, _, _, h, w = input_tensor.size()
        if hidden_state is None:
            hidden_state = [cell.init_hidden(b, (h, w)) for cell in self.cell_list]
        layer_output_list, last_state_list = [], []
        seq_len = input_tensor.size(1)
        cur_layer_input = input_tensor
        for layer_idx in range(self.num_layers):
            h, c = hidden_state[layer_idx]
            output_inner = []
            for t in range(seq_len):
                h, c = self.cell_list[layer_idx](input_tensor=cur_layer_input[:, t, :, :, :], cur_state=[h, c])
                output_inner.append(h)
            layer_output = torch.stack(output_inner, dim=1)
            cur_layer_input = layer_output
            layer_output_list.append(layer_output)
            last_state_list.append([h, c])
        if not self.return_all_layers:
            layer_output_list = layer_output_list[-1:]
            last_state_list = last_state_list[-1:]
        return layer_output_list, last_state_list


def moving_squares(batch, steps, size, generator):
    """Videos of a 3x3 square bouncing inside a size x size frame: (batch, steps, 1, size, size)."""
    video = torch.zeros(batch, steps, 1, size, size)
    pos = torch.randint(0, size - 3, (batch, 2), generator=generator)
    vel = torch.randint(0, 2, (batch, 2), generator=generator) * 2 - 1
    for t in range(steps):
        for b in range(batch):
            r, c = pos[b].tolist()
            video[b, t, 0, r:r + 3, c:c + 3] = 1.0
        pos = pos + vel
        bounce = (pos < 0) | (pos > size - 3)
        vel = torch.where(bounce, -vel, vel)
        pos = pos.clamp(0, size - 3)
    return video


g = torch.Generator().manual_seed(1)
clip = moving_squares(2, 4, 8, g)
print(clip.shape, clip.sum(dim=(2, 3, 4)))
model = ConvLSTM(1, [8, 8], (3, 3), 2, batch_first=True, return_all_layers=True)
outputs, states = model(clip)
print([tuple(o.shape) for o in outputs], [tuple(s[0].shape) for s in states])
print(sum(p.numel() for p in model.parameters()))
time_major = ConvLSTM(1, 4, (3, 3), 1)
print(tuple(time_major(clip.transpose(0, 1))[0][0].shape))


class NextFrame(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = ConvLSTM(1, [8, 8], (3, 3), 2, batch_first=True)
        self.head = nn.Conv2d(8, 1, 1)

    def forward(self, video):
        (out,), _ = self.rnn(video)
        b, t, c, h, w = out.shape
        return self.head(out.reshape(b * t, c, h, w)).reshape(b, t, 1, h, w)


torch.manual_seed(2)
net = NextFrame()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
for step in range(80):
    video = moving_squares(8, 6, 8, g)
    logits = net(video[:, :-1])
    loss = F.binary_cross_entropy_with_logits(logits, video[:, 1:], pos_weight=torch.tensor(4.0))
    opt.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
    if step % 20 == 0 or step == 79:
        print(f"step {step:2d} loss {loss.item():.4f} grad norm {norm.item():.4f}")

with torch.no_grad():
    video = moving_squares(4, 6, 8, g)
    pred = torch.sigmoid(net(video[:, :-1])) > 0.5
    target = video[:, 1:].bool()
    iou = (pred & target).sum().item() / max((pred | target).sum().item(), 1)
    print(f"teacher-forced next-frame IoU {iou:.3f}")
    frames = video[:, :3]
    for t in range(3):
        nxt = (torch.sigmoid(net(frames)[:, -1:]) > 0.5).float()
        frames = torch.cat([frames, nxt], dim=1)
    rollout = frames[:, 3:].bool()
    truth = video[:, 3:].bool()
    print(f"autoregressive 3-step IoU {(rollout & truth).sum().item() / max((rollout | truth).sum().item(), 1):.3f}")
