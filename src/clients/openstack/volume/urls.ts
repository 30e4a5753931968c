// Cinder v3 paths, relative to the volume endpoint (…/v3/<project id>).
const id = encodeURIComponent;

export const volumesUrl = () => 'volumes';
export const volumesDetailUrl = () => 'volumes/detail';
export const volumeUrl = (volumeId: string) => `volumes/${id(volumeId)}`;
export const volumeActionUrl = (volumeId: string) => `volumes/${id(volumeId)}/action`;
export const typesUrl = () => 'types';
export const typeExtraSpecsUrl = (typeId: string) => `types/${id(typeId)}/extra_specs`;
export const typeEncryptionUrl = (typeId: string) => `types/${id(typeId)}/encryption`;
export const servicesUrl = () => 'os-services';
