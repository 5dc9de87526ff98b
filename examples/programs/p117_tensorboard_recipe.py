# pytorch.org recipes "How to use TensorBoard with PyTorch" and "Visualizing models, data and training with
# TensorBoard": a linear regression logged with SummaryWriter.add_scalar("Loss/train", loss, epoch), flush and
# close; add_scalars for train/validation curves, add_histogram of the weights, add_image of a CHW image,
# add_text and add_hparams. The event files are then read back with tensorboard's EventAccumulator, as
# TensorBoard would read them. (Needs the tensorboard package, as PyTorch's SummaryWriter does.)
import os
import tempfile

import torch
from torch.utils.tensorboard import SummaryWriter
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

log_dir = os.path.join(tempfile.mkdtemp(), "runs", "linear")
writer = SummaryWriter(log_dir)

torch.manual_seed(0)
x = torch.arange(-5, 5, 0.1).view(-1, 1)
y = -5 * x + 0.1 * torch.randn(x.size())

model = torch.nn.Linear(1, 1)
criterion = torch.nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def train_model(iter):
    for epoch in range(iter):
        y1 = model(x)
        loss = criterion(y1, y)
        writer.add_scalar("Loss/train", loss, epoch)
        writer.add_scalars("Loss", {"train": loss.item(), "half": loss.item() / 2}, epoch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


train_model(10)
writer.add_histogram("linear.weight", model.weight, 10)
writer.add_histogram("noise", torch.randn(1000), 10)
image = torch.zeros(3, 16, 24)
image[0, :8] = 1.0
image[2, 8:] = torch.linspace(0, 1, 24)
writer.add_image("example_image", image, 0)
writer.add_images("batch", torch.rand(4, 3, 8, 8), 0)
writer.add_text("notes", "trained **10** epochs", 10)
writer.add_hparams({"lr": 0.1, "bsize": 100, "optimizer": "SGD"}, {"hparam/loss": 1.0}, run_name="hp")
writer.flush()
writer.close()

run = EventAccumulator(log_dir, size_guidance={"scalars": 0, "histograms": 0, "images": 0})
run.Reload()
tags = run.Tags()
print("scalars:", tags["scalars"], "histograms:", sorted(tags["histograms"]), "images:", sorted(tags["images"]))
print("tensors:", tags["tensors"])
losses = run.Scalars("Loss/train")
print("steps:", [event.step for event in losses])
print("losses:", [round(event.value, 3) for event in losses])
print("decreasing:", all(b.value < a.value for a, b in zip(losses, losses[1:])))
histogram = run.Histograms("noise")[0].histogram_value
print("noise histogram:", histogram.num, sum(histogram.bucket), len(histogram.bucket) == len(histogram.bucket_limit))
weight = run.Histograms("linear.weight")[0]
print("weight histogram step:", weight.step, weight.histogram_value.num)
picture = run.Images("example_image")[0]
print("image:", picture.width, picture.height, picture.encoded_image_string[:4])
print("batch image:", run.Images("batch")[0].width, run.Images("batch")[0].height)
print("text:", run.Tensors("notes/text_summary")[0].tensor_proto.string_val)
print("sub-runs:", sorted(name for name in os.listdir(log_dir) if not name.startswith("events")))
half = EventAccumulator(os.path.join(log_dir, "Loss_half"))
half.Reload()
print("Loss_half:", half.Tags()["scalars"], len(half.Scalars("Loss")))
hp = EventAccumulator(os.path.join(log_dir, "hp"))
hp.Reload()
print("hparams run:", hp.Tags()["scalars"], sorted(hp.summary_metadata))
