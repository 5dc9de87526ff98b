# The torch.nn reference pages' "Examples:" blocks for layers no tutorial here uses yet, run as the docs write
# them (shapes printed, as a reader checking the docs does): Conv1d/Conv3d/ConvTranspose1d, MaxPool1d/3d,
# MaxUnpool2d with return_indices, LPPool2d, AdaptiveMaxPool2d, GroupNorm, InstanceNorm1d, LocalResponseNorm,
# Identity, PixelUnshuffle, Upsample, ChannelShuffle, RNNCell/GRUCell loops, TransformerDecoderLayer/
# TransformerDecoder with generate_square_subsequent_mask, nn.Transformer, Bilinear, and ZeroPad/ReflectionPad.
import torch
import torch.nn as nn

torch.manual_seed(0)

m = nn.Conv1d(16, 33, 3, stride=2)
input = torch.randn(20, 16, 50)
output = m(input)
print(m, output.shape)
m = nn.Conv3d(4, 8, (3, 5, 2), stride=(2, 1, 1), padding=(4, 2, 0))
input = torch.randn(2, 4, 5, 6, 7)
print(m, m(input).shape)
m = nn.ConvTranspose1d(4, 2, 3, stride=2, output_padding=1)
print(m(torch.randn(1, 4, 5)).shape)
print(nn.MaxPool1d(3, stride=2)(torch.randn(20, 16, 50)).shape)
print(nn.MaxPool3d((3, 2, 2), stride=(2, 1, 2))(torch.randn(2, 4, 10, 8, 6)).shape)
print(nn.AvgPool1d(3, stride=2)(torch.tensor([[[1., 2, 3, 4, 5, 6, 7]]])))

pool = nn.MaxPool2d(2, stride=2, return_indices=True)
unpool = nn.MaxUnpool2d(2, stride=2)
input = torch.tensor([[[[1., 2., 3., 4.],
                        [5., 6., 7., 8.],
                        [9., 10., 11., 12.],
                        [13., 14., 15., 16.]]]])
output, indices = pool(input)
print(indices)
print(unpool(output, indices))
# Now using output_size to resolve an ambiguous size for the inverse
input = torch.tensor([[[[1., 2., 3., 4., 5.],
                        [6., 7., 8., 9., 10.],
                        [11., 12., 13., 14., 15.],
                        [16., 17., 18., 19., 20.]]]])
output, indices = pool(input)
# This call will not work without specifying output_size
print(unpool(output, indices, output_size=input.size()))
pool1 = nn.MaxPool1d(2, stride=2, return_indices=True)
unpool1 = nn.MaxUnpool1d(2, stride=2)
out1, idx1 = pool1(torch.tensor([[[1., 2, 3, 4, 5, 6, 7, 8]]]))
print(unpool1(out1, idx1))

print(nn.LPPool2d(2, 2)(torch.arange(16.0).view(1, 1, 4, 4)))
am = nn.AdaptiveMaxPool2d((2, 3), return_indices=True)
vals, idx = am(torch.arange(30.0).view(1, 1, 5, 6))
print(vals, idx)

input = torch.randn(20, 6, 10, 10)
# Separate 6 channels into 3 groups
m = nn.GroupNorm(3, 6)
# Separate 6 channels into 6 groups (equivalent with InstanceNorm)
m = nn.GroupNorm(6, 6)
# Put all 6 channels into a single group (equivalent with LayerNorm)
m = nn.GroupNorm(1, 6)
output = m(input)
print(m, output.shape, torch.allclose(output.mean(dim=(1, 2, 3)), torch.zeros(20), atol=1e-5))
gn = nn.GroupNorm(2, 4)
x = torch.arange(16.0).view(1, 4, 2, 2)
print(gn(x))
inorm = nn.InstanceNorm1d(3, affine=True)
print(inorm, inorm(torch.arange(12.0).view(1, 3, 4)))
lrn = nn.LocalResponseNorm(2)
print(lrn, lrn(torch.arange(1.0, 9.0).view(1, 4, 2, 1)).view(-1))

m = nn.Identity(54, unused_argument1=0.1, unused_argument2=False)
input = torch.randn(128, 20)
output = m(input)
print(output.size(), output is input)
pixel_unshuffle = nn.PixelUnshuffle(3)
input = torch.randn(1, 1, 12, 12)
output = pixel_unshuffle(input)
print(output.size())
print(nn.PixelShuffle(3)(output).equal(input))
print(nn.ChannelShuffle(2)(torch.arange(8.0).view(1, 4, 1, 2)).view(4, 2))
up = nn.Upsample(scale_factor=2, mode='nearest')
print(up, up(torch.arange(1, 5, dtype=torch.float32).view(1, 1, 2, 2)))
print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)(torch.arange(1., 5).view(1, 1, 2, 2)))
print(nn.ZeroPad2d((1, 1, 2, 0))(torch.ones(1, 1, 2, 2)))
print(nn.ReflectionPad1d(2)(torch.arange(4.0).view(1, 1, 4)), nn.ReplicationPad1d((0, 2))(torch.arange(3.0).view(1, 1, 3)))

rnn = nn.RNNCell(10, 20)
input = torch.randn(6, 3, 10)
hx = torch.randn(3, 20)
output = []
for i in range(6):
    hx = rnn(input[i], hx)
    output.append(hx)
print(rnn, len(output), output[-1].shape, output[-1].grad_fn.name())
rnn = nn.GRUCell(10, 20)
input = torch.randn(6, 3, 10)
hx = torch.randn(3, 20)
output = []
for i in range(6):
    hx = rnn(input[i], hx)
    output.append(hx)
print(rnn, torch.stack(output, dim=0).shape)
print(nn.RNNCell(4, 3, nonlinearity='relu')(torch.ones(2, 4)).shape)

decoder_layer = nn.TransformerDecoderLayer(d_model=16, nhead=4, dim_feedforward=32)
transformer_decoder = nn.TransformerDecoder(decoder_layer, num_layers=2)
memory = torch.rand(10, 8, 16)
tgt = torch.rand(7, 8, 16)
tgt_mask = nn.Transformer.generate_square_subsequent_mask(7)
print(tgt_mask)
out = transformer_decoder(tgt, memory, tgt_mask=tgt_mask)
print(out.shape, len(transformer_decoder.layers))
dl = nn.TransformerDecoderLayer(d_model=16, nhead=4, dim_feedforward=32, batch_first=True, norm_first=True)
print(dl(torch.rand(8, 7, 16), torch.rand(8, 10, 16)).shape)
transformer_model = nn.Transformer(d_model=16, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
                                   dim_feedforward=32)
src = torch.rand((10, 4, 16))
tgt = torch.rand((6, 4, 16))
out = transformer_model(src, tgt)
print(out.shape, sum(p.numel() for p in transformer_model.parameters()))
out.sum().backward()
print(transformer_model.encoder.layers[0].self_attn.in_proj_weight.grad.shape)

m = nn.Bilinear(20, 30, 40)
input1 = torch.randn(128, 20)
input2 = torch.randn(128, 30)
output = m(input1, input2)
print(m, output.size())
