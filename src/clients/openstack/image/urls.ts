// Glance v2 paths, relative to the image endpoint (…/v2).
const id = encodeURIComponent;

export const imagesUrl = () => 'images';
export const imageUrl = (imageId: string) => `images/${id(imageId)}`;
export const imageFileUrl = (imageId: string) => `images/${id(imageId)}/file`;
export const imageStageUrl = (imageId: string) => `images/${id(imageId)}/stage`;
export const imageImportUrl = (imageId: string) => `images/${id(imageId)}/import`;
export const importInfoUrl = () => 'info/import';
export const storesInfoUrl = () => 'info/stores';
export const imageActionUrl = (imageId: string, action: 'deactivate' | 'reactivate') =>
  `images/${id(imageId)}/actions/${action}`;
export const imageMembersUrl = (imageId: string) => `images/${id(imageId)}/members`;
export const imageMemberUrl = (imageId: string, memberId: string) => `images/${id(imageId)}/members/${id(memberId)}`;
