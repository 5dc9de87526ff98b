# "Deep Learning with PyTorch", chapters 3-4: named dimensions by hand, storage and strides, in-place storage
# changes, contiguous, dtype conversions, NumPy interop (torch.from_numpy shares memory), serializing; then the
# wine-quality data as a CSV written and read with NumPy: one-hot scores via scatter_, normalization,
# thresholds with torch.le/torch.gt and bikes-style time series reshaping.
import csv
import os
import tempfile

import numpy as np
import torch

a = [1.0, 2.0, 1.0]
print(a[0])
a[2] = 3.0
print(a)
a = torch.ones(3)
print(a)
print(a[1], float(a[1]))
a[2] = 2.0
print(a)
points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
print(points.shape, points[0, 1], points[0])
print(points[1:], points[1:, :], points[1:, 0], points[None].shape)

img_t = torch.randn(3, 5, 5)  # shape [channels, rows, columns]
weights = torch.tensor([0.2126, 0.7152, 0.0722])
batch_t = torch.randn(2, 3, 5, 5)  # shape [batch, channels, rows, columns]
img_gray_naive = img_t.mean(-3)
batch_gray_naive = batch_t.mean(-3)
print(img_gray_naive.shape, batch_gray_naive.shape)
unsqueezed_weights = weights.unsqueeze(-1).unsqueeze_(-1)
img_weights = (img_t * unsqueezed_weights)
batch_weights = (batch_t * unsqueezed_weights)
img_gray_weighted = img_weights.sum(-3)
batch_gray_weighted = batch_weights.sum(-3)
print(batch_weights.shape, batch_t.shape, unsqueezed_weights.shape)
img_gray_weighted_fancy = torch.einsum('...chw,c->...hw', img_t, weights)
batch_gray_weighted_fancy = torch.einsum('...chw,c->...hw', batch_t, weights)
print(batch_gray_weighted_fancy.shape, torch.allclose(img_gray_weighted_fancy, img_gray_weighted, atol=1e-6))

double_points = torch.ones(10, 2, dtype=torch.double)
short_points = torch.tensor([[1, 2], [3, 4]], dtype=torch.short)
print(short_points.dtype)
double_points = torch.zeros(10, 2).double()
short_points = torch.ones(10, 2).short()
print(double_points.dtype, short_points.dtype)
points_64 = torch.rand(5, dtype=torch.double)
points_short = points_64.to(torch.short)
print((points_64 * points_short).dtype)

a = torch.ones(3, 2)
a_t = torch.transpose(a, 0, 1)
print(a.shape, a_t.shape, a.t().shape)

points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
print(points.untyped_storage().nbytes(), list(points.untyped_storage())[:4])
points_storage = points.storage()
print(points_storage[0], points.storage()[1])
points_storage[0] = 2.0
print(points)
a = torch.ones(3, 2)
a.zero_()
print(a)
second_point = points[1]
print(second_point.storage_offset(), second_point.size(), second_point.shape, points.stride())
second_point = points[1].clone()
second_point[0] = 10.0
print(points)
points_t = points.t()
print(points_t)
print(id(points.untyped_storage()) == id(points_t.untyped_storage()),
      points.untyped_storage().data_ptr() == points_t.untyped_storage().data_ptr())
print(points.stride(), points_t.stride())
some_t = torch.ones(3, 4, 5)
transpose_t = some_t.transpose(0, 2)
print(some_t.shape, transpose_t.shape, some_t.stride(), transpose_t.stride())
print(points.is_contiguous(), points_t.is_contiguous())
points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
points_t = points.t()
print(points_t, points_t.storage(), points_t.stride(), sep='\n')
points_t_cont = points_t.contiguous()
print(points_t_cont, points_t_cont.stride(), points_t_cont.storage(), sep='\n')
print(points.device, points.to(device='cpu').device)

points_np = points.numpy()
print(points_np, points_np.dtype)
points = torch.from_numpy(points_np)
points_np[0, 0] = -1.0
print(points)
print(torch.from_numpy(np.arange(4)).dtype, torch.tensor(np.float64(2.5)).dtype, torch.as_tensor(points_np).dtype)

tmp = tempfile.mkdtemp()
torch.save(points, os.path.join(tmp, 'ourpoints.t'))
with open(os.path.join(tmp, 'ourpoints.t'), 'rb') as f:
    points = torch.load(f)
print(points)
a = torch.tensor(list(range(9)))
print(a.size(), a.storage_offset(), a.stride())
b = a.view(3, 3)
print(id(a.untyped_storage()) == id(b.untyped_storage()) or a.data_ptr() == b.data_ptr())
c = b[1:, 1:]
print(c.size(), c.storage_offset(), c.stride())
print(torch.cos(a.float())[:3], torch.sqrt(a.float())[:3])

# Wine quality, written as the UCI file is laid out (semicolon separated, a header row)
rng = np.random.RandomState(0)
n = 200
columns = ["fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides",
           "free sulfur dioxide", "total sulfur dioxide", "density", "pH", "sulphates", "alcohol", "quality"]
table = np.column_stack([np.round(rng.uniform(3.0, 15.0, size=n), 1) for _ in range(11)]
                        + [rng.randint(3, 10, size=n)])
wine_path = os.path.join(tmp, "winequality-white.csv")
np.savetxt(wine_path, table, delimiter=";", header=";".join(columns), comments="", fmt="%.1f")
wineq_numpy = np.loadtxt(wine_path, dtype=np.float32, delimiter=";", skiprows=1)
print(wineq_numpy.shape, wineq_numpy.dtype)
col_list = next(csv.reader(open(wine_path), delimiter=';'))
print(wineq_numpy.shape, col_list[:3])
wineq = torch.from_numpy(wineq_numpy)
print(wineq.shape, wineq.dtype)
data = wineq[:, :-1]  # Selects all rows and all columns except the last
print(data, data.shape)
target = wineq[:, -1]  # Selects all rows and the last column
print(target, target.shape)
target = wineq[:, -1].long()
print(target[:10])
target_onehot = torch.zeros(target.shape[0], 10)
target_onehot.scatter_(1, target.unsqueeze(1), 1.0)
print(target_onehot[:3], target_onehot.sum(dim=0))
target_unsqueezed = target.unsqueeze(1)
print(target_unsqueezed[:3])
data_mean = torch.mean(data, dim=0)
print(data_mean)
data_var = torch.var(data, dim=0)
print(data_var)
data_normalized = (data - data_mean) / torch.sqrt(data_var)
print(data_normalized[:2])
bad_indexes = target <= 3
print(bad_indexes.shape, bad_indexes.dtype, bad_indexes.sum())
bad_data = data[bad_indexes]
print(bad_data.shape)
bad_data = data[target <= 3]
mid_data = data[(target > 3) & (target < 7)]
good_data = data[target >= 7]
bad_mean = torch.mean(bad_data, dim=0)
mid_mean = torch.mean(mid_data, dim=0)
good_mean = torch.mean(good_data, dim=0)
for i, args in enumerate(zip(col_list, bad_mean, mid_mean, good_mean)):
    print('{:2} {:20} {:6.2f} {:6.2f} {:6.2f}'.format(i, *args))
total_sulfur_threshold = 10.0
total_sulfur_data = data[:, 6]
predicted_indexes = torch.lt(total_sulfur_data, total_sulfur_threshold)
print(predicted_indexes.shape, predicted_indexes.dtype, predicted_indexes.sum())
actual_indexes = target > 5
print(actual_indexes.shape, actual_indexes.dtype, actual_indexes.sum())
n_matches = torch.sum(actual_indexes & predicted_indexes).item()
n_predicted = torch.sum(predicted_indexes).item()
n_actual = torch.sum(actual_indexes).item()
print(n_matches, n_matches / n_predicted, n_matches / n_actual)

# Bike-sharing-style hourly series: 3 days x 24 hours x 4 columns
bikes_numpy = np.column_stack([np.arange(72) + 1, np.arange(72) // 24 + 1, rng.randint(1, 5, size=72),
                               rng.randint(0, 300, size=72)]).astype(np.float32)
bikes = torch.from_numpy(bikes_numpy)
print(bikes.shape, bikes.stride())
daily_bikes = bikes.view(-1, 24, bikes.shape[1])
print(daily_bikes.shape, daily_bikes.stride())
daily_bikes = daily_bikes.transpose(1, 2)
print(daily_bikes.shape, daily_bikes.stride())
first_day = bikes[:24].long()
weather_onehot = torch.zeros(first_day.shape[0], 4)
print(first_day[:, 2])
weather_onehot.scatter_(dim=1, index=first_day[:, 2].unsqueeze(1).long() - 1, value=1.0)
print(torch.cat((bikes[:24], weather_onehot), 1)[:1])
daily_weather_onehot = torch.zeros(daily_bikes.shape[0], 4, daily_bikes.shape[2])
print(daily_weather_onehot.shape)
daily_weather_onehot.scatter_(1, daily_bikes[:, 2, :].long().unsqueeze(1) - 1, 1.0)
print(daily_weather_onehot.shape)
daily_bikes = torch.cat((daily_bikes, daily_weather_onehot), dim=1)
daily_bikes[:, 2, :] = (daily_bikes[:, 2, :] - 1.0) / 3.0
temp = daily_bikes[:, 3, :]
temp_min = torch.min(temp)
temp_max = torch.max(temp)
daily_bikes[:, 3, :] = ((daily_bikes[:, 3, :] - temp_min) / (temp_max - temp_min))
print(daily_bikes.shape, daily_bikes[0, :, 0])
