"""The complex9 sweep's cases gradlib does not match yet (tests/test_complex9.py marks them strict xfail).
Written by ``python tests/test_complex9.py --write-known``; each entry says what differs."""

KNOWN = {
    'addbmm/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: self and mat2 must have the same dtype, but got ComplexDouble and Bool',
    'addbmm/mixed_float':
        'PyTorch refuses in other words: RuntimeError: self and mat2 must have the same dtype, but got ComplexDouble and Doub',
    'addbmm/mixed_int':
        'PyTorch refuses in other words: RuntimeError: self and mat2 must have the same dtype, but got ComplexDouble and Long',
    'addmv/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: addmv input tensors must have the same dtype, but got ComplexDouble, B',
    'addmv/mixed_float':
        'PyTorch refuses in other words: RuntimeError: addmv input tensors must have the same dtype, but got ComplexDouble, D',
    'addmv/mixed_int':
        'PyTorch refuses in other words: RuntimeError: addmv input tensors must have the same dtype, but got ComplexDouble, L',
    'addr/mixed_bool':
        'gradlib refuses (RuntimeError: expected m1 and m2 to have the same dtype, but got: bool != bool), PyTorch computes',
    'addr/mixed_float':
        'PyTorch refuses in other words: RuntimeError: addmv input tensors must have the same dtype, but got Double, ComplexD',
    'addr/mixed_int':
        'gradlib refuses (RuntimeError: expected m1 and m2 to have the same dtype, but got: long int != long i), PyTorch computes',
    'as_strided_scatter/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'as_strided_scatter_2d/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'baddbmm/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: Input dtypes must be the same, got: input c10::complex<double>, batch1',
    'baddbmm/mixed_float':
        'PyTorch refuses in other words: RuntimeError: Input dtypes must be the same, got: input c10::complex<double>, batch1',
    'baddbmm/mixed_int':
        'PyTorch refuses in other words: RuntimeError: Input dtypes must be the same, got: input c10::complex<double>, batch1',
    'beta_distribution/complex128':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'beta_distribution/complex64':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexFloat\'',
    'beta_distribution/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If',
    'beta_distribution/mixed_float':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'beta_distribution/mixed_int':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'binomial_studentt_halfnormal_mixture/complex128':
        'PyTorch refuses in other words: NotImplementedError: "gt_cpu" not implemented for \'ComplexDouble\'',
    'binomial_studentt_halfnormal_mixture/complex64':
        'PyTorch refuses in other words: NotImplementedError: "gt_cpu" not implemented for \'ComplexFloat\'',
    'binomial_studentt_halfnormal_mixture/mixed_bool':
        'PyTorch refuses in other words: NotImplementedError: "softmax_lastdim_kernel_impl" not implemented for \'ComplexDouble\'',
    'binomial_studentt_halfnormal_mixture/mixed_float':
        'PyTorch refuses in other words: NotImplementedError: "softmax_lastdim_kernel_impl" not implemented for \'ComplexDouble\'',
    'binomial_studentt_halfnormal_mixture/mixed_int':
        'PyTorch refuses in other words: NotImplementedError: "softmax_lastdim_kernel_impl" not implemented for \'ComplexDouble\'',
    'categorical_probs/complex128':
        'PyTorch refuses in other words: NotImplementedError: clamp is not supported for complex types',
    'categorical_probs/complex64':
        'PyTorch refuses in other words: NotImplementedError: clamp is not supported for complex types',
    'chain_matmul/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: multi_dot(): all tensors must have be the same dtype but tensor 0 is c',
    'chain_matmul/mixed_float':
        'PyTorch refuses in other words: RuntimeError: multi_dot(): all tensors must have be the same dtype but tensor 0 is c',
    'chain_matmul/mixed_int':
        'PyTorch refuses in other words: RuntimeError: multi_dot(): all tensors must have be the same dtype but tensor 0 is c',
    'cholesky_inverse_batched_method/complex128':
        'gradlib refuses (NotImplementedError: "cholesky_inverse_out_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'cholesky_inverse_batched_method/complex64':
        'gradlib refuses (NotImplementedError: "cholesky_inverse_out_cpu" not implemented for \'ComplexFloat\'), PyTorch computes',
    'cholesky_inverse_lower/complex128':
        'gradlib refuses (NotImplementedError: "cholesky_inverse_out_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'cholesky_inverse_lower/complex64':
        'gradlib refuses (NotImplementedError: "cholesky_inverse_out_cpu" not implemented for \'ComplexFloat\'), PyTorch computes',
    'cholesky_inverse_upper/complex128':
        'gradlib refuses (NotImplementedError: "cholesky_inverse_out_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'cholesky_inverse_upper/complex64':
        'gradlib refuses (NotImplementedError: "cholesky_inverse_out_cpu" not implemented for \'ComplexFloat\'), PyTorch computes',
    'dense_matmul_sparse/mixed_bool':
        'PyTorch refuses in other words: NotImplementedError: "addmm_sparse_dense" not implemented for \'Bool\'',
    'diagonal_scatter/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'dirichlet_distribution/complex128':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'dirichlet_distribution/complex64':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexFloat\'',
    'dirichlet_distribution/mixed_bool':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'dirichlet_distribution/mixed_float':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'dirichlet_distribution/mixed_int':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'dist/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If',
    'dist/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'dist/mixed_int':
        'gradlib refuses (RuntimeError: norm(): input dtype should be either floating point or complex. Got Lo), PyTorch computes',
    'dist_inf/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If',
    'dist_inf/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'dist_inf/mixed_int':
        'gradlib refuses (RuntimeError: norm(): input dtype should be either floating point or complex. Got Lo), PyTorch computes',
    'einsum_batch_outer/mixed_bool':
        'gradlib refuses (RuntimeError: expected scalar type ComplexDouble but found Bool), PyTorch computes',
    'einsum_batch_outer/mixed_float':
        'gradlib refuses (RuntimeError: expected scalar type ComplexDouble but found Double), PyTorch computes',
    'einsum_batch_outer/mixed_int':
        'gradlib refuses (RuntimeError: expected scalar type ComplexDouble but found Long), PyTorch computes',
    'exponential_laplace/complex128':
        'PyTorch refuses in other words: NotImplementedError: Unlike NumPy, torch.sign is not intended to support complex numbers. P',
    'exponential_laplace/complex64':
        'PyTorch refuses in other words: NotImplementedError: Unlike NumPy, torch.sign is not intended to support complex numbers. P',
    'exponential_laplace/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported.',
    'exponential_laplace/mixed_float':
        'gradlib refuses (NotImplementedError: "gt_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'exponential_laplace/mixed_int':
        'gradlib refuses (NotImplementedError: "gt_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'forward_ad_tangent/complex128':
        'gradlib refuses (ValueError: Expected primal to be floating point or complex, but got: gradlib.comp), PyTorch computes',
    'forward_ad_tangent/complex64':
        'gradlib refuses (ValueError: Expected primal to be floating point or complex, but got: gradlib.comp), PyTorch computes',
    'forward_ad_tangent/mixed_bool':
        'PyTorch refuses in other words: ValueError: Expected tangent to be floating point or complex, but got: torch.bool',
    'forward_ad_tangent/mixed_float':
        'PyTorch refuses in other words: RuntimeError: addmv input tensors must have the same dtype, but got Double, ComplexD',
    'forward_ad_tangent/mixed_int':
        'PyTorch refuses in other words: ValueError: Expected tangent to be floating point or complex, but got: torch.int64',
    'func_hessian/complex128':
        'PyTorch refuses in other words: RuntimeError: jacfwd: Expected all inputs to be real but received complex tensor at ',
    'func_hessian/complex64':
        'PyTorch refuses in other words: RuntimeError: jacfwd: Expected all inputs to be real but received complex tensor at ',
    'func_jacfwd/complex128':
        'PyTorch refuses in other words: RuntimeError: jacfwd: Expected all inputs to be real but received complex tensor at ',
    'func_jacfwd/complex64':
        'PyTorch refuses in other words: RuntimeError: jacfwd: Expected all inputs to be real but received complex tensor at ',
    'func_jacfwd/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: jacfwd: Expected all inputs to be real but received complex tensor at ',
    'func_jacfwd/mixed_float':
        'PyTorch refuses in other words: RuntimeError: jacfwd: Expected all inputs to be real but received complex tensor at ',
    'func_jacfwd/mixed_int':
        'PyTorch refuses in other words: RuntimeError: jacfwd: Expected all inputs to be real but received complex tensor at ',
    'func_jacrev/complex128':
        'PyTorch refuses in other words: RuntimeError: jacrev: Expected all inputs to be real but received complex tensor at ',
    'func_jacrev/complex64':
        'PyTorch refuses in other words: RuntimeError: jacrev: Expected all inputs to be real but received complex tensor at ',
    'func_jvp/complex128':
        'gradlib refuses (ValueError: Expected primal to be floating point or complex, but got: gradlib.comp), PyTorch computes',
    'func_jvp/complex64':
        'gradlib refuses (ValueError: Expected primal to be floating point or complex, but got: gradlib.comp), PyTorch computes',
    'func_jvp/mixed_bool':
        'PyTorch refuses in other words: ValueError: Expected tangent to be floating point or complex, but got: torch.bool',
    'func_jvp/mixed_float':
        'gradlib refuses (ValueError: Expected primal to be floating point or complex, but got: gradlib.comp), PyTorch computes',
    'func_jvp/mixed_int':
        'PyTorch refuses in other words: ValueError: Expected tangent to be floating point or complex, but got: torch.int64',
    'func_vjp/complex128':
        'gradlib refuses (RuntimeError: vjp(f, ...): All outputs of f must be floating-point or complex Tensor), PyTorch computes',
    'func_vjp/complex64':
        'gradlib refuses (RuntimeError: vjp(f, ...): All outputs of f must be floating-point or complex Tensor), PyTorch computes',
    'func_vjp/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: For complex Tensors, both grad_output and output are required to have ',
    'func_vjp/mixed_float':
        'PyTorch refuses in other words: RuntimeError: For complex Tensors, both grad_output and output are required to have ',
    'func_vjp/mixed_int':
        'PyTorch refuses in other words: RuntimeError: For complex Tensors, both grad_output and output are required to have ',
    'gamma_distribution/complex128':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'gamma_distribution/complex64':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexFloat\'',
    'gamma_distribution/mixed_bool':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'gamma_distribution/mixed_float':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'gamma_distribution/mixed_int':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'group_norm/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'group_norm/mixed_float':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'group_norm/mixed_int':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'independent_normal/complex128':
        'gradlib refuses (NotImplementedError: "gt_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'independent_normal/complex64':
        'gradlib refuses (NotImplementedError: "gt_cpu" not implemented for \'ComplexFloat\'), PyTorch computes',
    'index_fill_value_tensor/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'kl_divergence/complex128':
        'PyTorch refuses in other words: NotImplementedError: "softmax_lastdim_kernel_impl" not implemented for \'ComplexDouble\'',
    'kl_divergence/complex64':
        'PyTorch refuses in other words: NotImplementedError: "softmax_lastdim_kernel_impl" not implemented for \'ComplexFloat\'',
    'layer_norm/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'layer_norm/mixed_float':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'layer_norm/mixed_int':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'layer_norm_bias_only_1d/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'layer_norm_bias_only_1d/mixed_float':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'layer_norm_bias_only_1d/mixed_int':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'layer_norm_weight_only/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'layer_norm_weight_only/mixed_float':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'layer_norm_weight_only/mixed_int':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'linear_3d_transposed/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: expected scalar type ComplexDouble but found Bool',
    'linear_3d_transposed/mixed_int':
        'PyTorch refuses in other words: RuntimeError: expected scalar type ComplexDouble but found Long',
    'logcumsumexp/complex128':
        'gradlib refuses (NotImplementedError: "logcumsumexp_out_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'logcumsumexp/complex64':
        'gradlib refuses (NotImplementedError: "logcumsumexp_out_cpu" not implemented for \'ComplexFloat\'), PyTorch computes',
    'logcumsumexp_large/complex128':
        'gradlib refuses (NotImplementedError: "logcumsumexp_out_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'logcumsumexp_large/complex64':
        'gradlib refuses (NotImplementedError: "logcumsumexp_out_cpu" not implemented for \'ComplexFloat\'), PyTorch computes',
    'lognormal_poisson/complex128':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexDouble\'',
    'lognormal_poisson/complex64':
        'PyTorch refuses in other words: NotImplementedError: "xlogy_cpu" not implemented for \'ComplexFloat\'',
    'multivariate_normal/mixed_float':
        "gradlib's result differs: dtype complex128 != float64",
    'multivariate_normal/mixed_int':
        "gradlib's result differs: dtype complex128 != float32",
    'multivariate_normal_kl/mixed_float':
        "gradlib's result differs: dtype complex128 != float64",
    'multivariate_normal_kl/mixed_int':
        "gradlib's result differs: dtype complex128 != float32",
    'multivariate_normal_precision/mixed_float':
        "gradlib's result differs: dtype complex128 != float64",
    'multivariate_normal_precision/mixed_int':
        "gradlib's result differs: dtype complex128 != float32",
    'multivariate_normal_scale_tril/mixed_float':
        "gradlib's result differs: dtype complex128 != float64",
    'multivariate_normal_scale_tril/mixed_int':
        "gradlib's result differs: dtype complex128 != float32",
    'normal_distribution/complex128':
        'PyTorch refuses in other words: NotImplementedError: "erf_vml_cpu" not implemented for \'ComplexDouble\'',
    'normal_distribution/complex64':
        'PyTorch refuses in other words: NotImplementedError: "erf_vml_cpu" not implemented for \'ComplexFloat\'',
    'normal_fill/complex128':
        'gradlib refuses (NotImplementedError: "normal_kernel_cpu" not implemented for \'ComplexDouble\'), PyTorch computes',
    'normal_fill/complex64':
        'gradlib refuses (NotImplementedError: "normal_kernel_cpu" not implemented for \'ComplexFloat\'), PyTorch computes',
    'one_hot_categorical/complex128':
        'PyTorch refuses in other words: RuntimeError: max(): does not support complex input',
    'one_hot_categorical/complex64':
        'PyTorch refuses in other words: RuntimeError: max(): does not support complex input',
    'one_hot_categorical/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: max(): does not support complex input',
    'one_hot_categorical/mixed_float':
        'PyTorch refuses in other words: RuntimeError: max(): does not support complex input',
    'one_hot_categorical/mixed_int':
        'PyTorch refuses in other words: RuntimeError: max(): does not support complex input',
    'pad_reflect_2d_3d/mixed_bool':
        'PyTorch refuses (NotImplementedError: "reflection_pad3d" not implemented for \'Bool\'), gradlib computes',
    'pad_replicate_1d_3d/mixed_bool':
        'PyTorch refuses (NotImplementedError: "replication_pad3d" not implemented for \'Bool\'), gradlib computes',
    'pow_tensor/mixed_bool':
        'PyTorch refuses (RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If), gradlib computes',
    'sdpa_causal_scale/complex128':
        'PyTorch refuses in other words: NotImplementedError: "softmax_lastdim_kernel_impl" not implemented for \'ComplexDouble\'',
    'sdpa_causal_scale/complex64':
        'PyTorch refuses in other words: NotImplementedError: "softmax_lastdim_kernel_impl" not implemented for \'ComplexFloat\'',
    'solve_triangular_lower/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'solve_triangular_right/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'solve_triangular_unit/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'solve_triangular_upper_batched/mixed_float':
        'PyTorch refuses (RuntimeError: Expected isFloatingType(grad.scalar_type()) || (input_is_complex == gr), gradlib computes',
    'sparse_sum_all/complex128':
        'gradlib refuses (RuntimeError: _sparse_sum does not support automatic differentiation for outputs wit), PyTorch computes',
    'sparse_sum_all/complex64':
        'gradlib refuses (RuntimeError: _sparse_sum does not support automatic differentiation for outputs wit), PyTorch computes',
    'torchfn_affine_grid_generator/complex128':
        'PyTorch refuses in other words: RuntimeError: affine_grid_generator does not support automatic differentiation for o',
    'torchfn_affine_grid_generator/complex64':
        'PyTorch refuses in other words: RuntimeError: affine_grid_generator does not support automatic differentiation for o',
    'torchfn_group_norm/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'torchfn_group_norm/mixed_float':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'torchfn_group_norm/mixed_int':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'torchfn_layer_norm/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'torchfn_layer_norm/mixed_float':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'torchfn_layer_norm/mixed_int':
        'PyTorch refuses in other words: RuntimeError: mixed dtype (CPU): expect parameter to have scalar type of Float',
    'torchfn_margin_losses/mixed_bool':
        'PyTorch refuses in other words: RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If',
    'transformed_distribution/complex128':
        'PyTorch refuses in other words: NotImplementedError: "softplus_cpu" not implemented for \'ComplexDouble\'',
    'transformed_distribution/complex64':
        'PyTorch refuses in other words: NotImplementedError: "softplus_cpu" not implemented for \'ComplexFloat\'',
    'uniform_distribution/complex128':
        'PyTorch refuses in other words: NotImplementedError: "le_cpu" not implemented for \'ComplexDouble\'',
    'uniform_distribution/complex64':
        'PyTorch refuses in other words: NotImplementedError: "le_cpu" not implemented for \'ComplexFloat\'',
    'uniform_distribution/mixed_bool':
        'PyTorch refuses in other words: NotImplementedError: "le_cpu" not implemented for \'ComplexDouble\'',
    'uniform_distribution/mixed_float':
        'PyTorch refuses in other words: NotImplementedError: "le_cpu" not implemented for \'ComplexDouble\'',
    'uniform_distribution/mixed_int':
        'PyTorch refuses in other words: NotImplementedError: "le_cpu" not implemented for \'ComplexDouble\'',
    'uniform_fill/complex128':
        'gradlib refuses (NotImplementedError: "check_uniform_bounds" not implemented for \'ComplexDouble\'), PyTorch computes',
    'uniform_fill/complex64':
        'gradlib refuses (NotImplementedError: "check_uniform_bounds" not implemented for \'ComplexFloat\'), PyTorch computes',
}
