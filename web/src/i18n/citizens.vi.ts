// Vietnamese strings of citizens abroad (features/citizens: the registry, the portal), merged into vi.ts.
// citizens.en.ts has the same keys.
export const citizensVi = {
  'perm.citizens_read': 'Xem hồ sơ công dân trong địa bàn',
  'perm.citizens_write': 'Đăng ký, sửa và xoá hồ sơ công dân',
  'perm.citizens_export': 'Xuất danh sách công dân',
  'perm.alerts_send': 'Soạn và gửi cảnh báo khẩn cấp',
  'perm.alerts_approve': 'Phê duyệt cảnh báo khẩn cấp',
} as const;
