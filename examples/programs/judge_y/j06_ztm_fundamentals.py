# Zero to Mastery "Learn PyTorch for Deep Learning", notebook 00: PyTorch Fundamentals
import torch
import numpy as np
print(torch.__version__[:1].isdigit())

# Scalar
scalar = torch.tensor(7)
print(scalar)
print(scalar.ndim)
print(scalar.item())

# Vector
vector = torch.tensor([7, 7])
print(vector, vector.ndim, vector.shape)

# Matrix
MATRIX = torch.tensor([[7, 8],
                       [9, 10]])
print(MATRIX)
print(MATRIX.ndim, MATRIX.shape)

# Tensor
TENSOR = torch.tensor([[[1, 2, 3],
                        [3, 6, 9],
                        [2, 4, 5]]])
print(TENSOR)
print(TENSOR.ndim)
print(TENSOR.shape)

# Random tensors
random_tensor = torch.rand(size=(3, 4))
print(random_tensor.shape, random_tensor.dtype)
random_image_size_tensor = torch.rand(size=(224, 224, 3))
print(random_image_size_tensor.shape, random_image_size_tensor.ndim)

# Zeros and ones
zeros = torch.zeros(size=(3, 4))
print(zeros, zeros.dtype)
ones = torch.ones(size=(3, 4))
print(ones, ones.dtype)

# Range and tensors like
zero_to_ten = torch.arange(start=0, end=10, step=1)
print(zero_to_ten)
ten_zeros = torch.zeros_like(input=zero_to_ten)
print(ten_zeros)

# Tensor datatypes
float_32_tensor = torch.tensor([3.0, 6.0, 9.0],
                               dtype=None,
                               device=None,
                               requires_grad=False)
print(float_32_tensor.shape, float_32_tensor.dtype, float_32_tensor.device)
float_16_tensor = torch.tensor([3.0, 6.0, 9.0], dtype=torch.float16)
print(float_16_tensor.dtype)
print(float_16_tensor * float_32_tensor)

# Getting information from tensors
some_tensor = torch.ones(3, 4) * 0.5
print(some_tensor)
print(f"Shape of tensor: {some_tensor.shape}")
print(f"Datatype of tensor: {some_tensor.dtype}")
print(f"Device tensor is stored on: {some_tensor.device}")

# Manipulating tensors (tensor operations)
tensor = torch.tensor([1, 2, 3])
print(tensor + 10)
print(tensor * 10)
print(tensor)
tensor = tensor - 10
print(tensor)
tensor = tensor + 10
print(torch.multiply(tensor, 10))
print(tensor, "*", tensor)
print("Equals:", tensor * tensor)

# Matrix multiplication
tensor = torch.tensor([1, 2, 3])
print(torch.matmul(tensor, tensor))
print(tensor @ tensor)
value = 0
for i in range(len(tensor)):
    value += tensor[i] * tensor[i]
print(value)

tensor_A = torch.tensor([[1, 2],
                         [3, 4],
                         [5, 6]], dtype=torch.float32)
tensor_B = torch.tensor([[7, 10],
                         [8, 11],
                         [9, 12]], dtype=torch.float32)
try:
    torch.matmul(tensor_A, tensor_B)
except RuntimeError as e:
    print("RuntimeError:", e)
print(tensor_B.T)
print(f"Original shapes: tensor_A = {tensor_A.shape}, tensor_B = {tensor_B.shape}\n")
print(f"New shapes: tensor_A = {tensor_A.shape} (same as above), tensor_B.T = {tensor_B.T.shape}\n")
print(f"Multiplying: {tensor_A.shape} * {tensor_B.T.shape} <- inner dimensions match\n")
output = torch.matmul(tensor_A, tensor_B.T)
print(output)
print(f"\nOutput shape: {output.shape}")
print(torch.mm(tensor_A, tensor_B.T))

# torch.nn.Linear with deterministic weights
linear = torch.nn.Linear(in_features=2, out_features=6)
with torch.no_grad():
    linear.weight.copy_(torch.arange(12, dtype=torch.float32).reshape(6, 2) / 10)
    linear.bias.fill_(0.5)
x = tensor_A
output = linear(x)
print(f"Input shape: {x.shape}\n")
print(f"Output:\n{output}\n\nOutput shape: {output.shape}")

# Min, max, mean, sum
x = torch.arange(0, 100, 10)
print(x)
print(f"Minimum: {x.min()}")
print(f"Maximum: {x.max()}")
print(f"Mean: {x.type(torch.float32).mean()}")
print(f"Sum: {x.sum()}")
print(torch.max(x), torch.min(x), torch.mean(x.type(torch.float32)), torch.sum(x))
print(f"Index where max value occurs: {x.argmax()}")
print(f"Index where min value occurs: {x.argmin()}")

# Change tensor datatype
tensor = torch.arange(10., 100., 10.)
print(tensor.dtype)
tensor_float16 = tensor.type(torch.float16)
print(tensor_float16)
tensor_int8 = tensor.type(torch.int8)
print(tensor_int8)

# Reshaping, stacking, squeezing and unsqueezing
x = torch.arange(1., 8.)
print(x, x.shape)
x_reshaped = x.reshape(1, 7)
print(x_reshaped, x_reshaped.shape)
z = x.view(1, 7)
print(z, z.shape)
z[:, 0] = 5
print(z, x)
x_stacked = torch.stack([x, x, x, x], dim=0)
print(x_stacked)
print(f"Previous tensor: {x_reshaped}")
print(f"Previous shape: {x_reshaped.shape}")
x_squeezed = x_reshaped.squeeze()
print(f"\nNew tensor: {x_squeezed}")
print(f"New shape: {x_squeezed.shape}")
x_unsqueezed = x_squeezed.unsqueeze(dim=0)
print(f"\nNew tensor: {x_unsqueezed}")
print(f"New shape: {x_unsqueezed.shape}")
x_original = torch.rand(size=(224, 224, 3))
x_permuted = x_original.permute(2, 0, 1)
print(f"Previous shape: {x_original.shape}")
print(f"New shape: {x_permuted.shape}")

# Indexing
x = torch.arange(1, 10).reshape(1, 3, 3)
print(x, x.shape)
print(f"First square bracket:\n{x[0]}")
print(f"Second square bracket: {x[0][0]}")
print(f"Third square bracket: {x[0][0][0]}")
print(x[:, 0])
print(x[:, :, 1])
print(x[:, 1, 1])
print(x[0, 0, :])

# PyTorch tensors & NumPy
array = np.arange(1.0, 8.0)
tensor = torch.from_numpy(array)
print(array, tensor)
array = array + 1
print(array, tensor)
tensor = torch.ones(7)
numpy_tensor = tensor.numpy()
print(tensor, numpy_tensor)
tensor = tensor + 1
print(tensor, numpy_tensor)

# Reproducibility
random_tensor_A = torch.rand(3, 4)
random_tensor_B = torch.rand(3, 4)
print(f"Tensor A shape {random_tensor_A.shape}")
print(f"Does Tensor A equal Tensor B? (anywhere)")
print(random_tensor_A == random_tensor_B)
RANDOM_SEED = 42
torch.manual_seed(seed=RANDOM_SEED)
random_tensor_C = torch.rand(3, 4)
torch.random.manual_seed(seed=RANDOM_SEED)
random_tensor_D = torch.rand(3, 4)
print(f"Does Tensor C equal Tensor D? (anywhere)")
print(random_tensor_C == random_tensor_D)

# GPU
print(torch.cuda.is_available() in (True, False))
device = "cuda" if torch.cuda.is_available() else "cpu"
tensor = torch.tensor([1, 2, 3])
print(tensor, tensor.device)
tensor_on_gpu = tensor.to(device)
tensor_back_on_cpu = tensor_on_gpu.cpu().numpy()
print(tensor_back_on_cpu)
