import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { DataKeyStore } from '../data-key-store';
import { PersonalDataCipher } from '../personal-data-cipher';
import { openDataKeys } from '../sqlite';

/** The key store (a DataKeyStore, its reads cached with a bound). */
export const DATA_KEYS = Symbol('DATA_KEYS');
/** The PersonalDataCipher that seals and opens events' personal fields. */
export const PERSONAL_DATA = Symbol('PERSONAL_DATA');

class DataKeysCloser implements OnApplicationShutdown {
  constructor(@Inject(DATA_KEYS) private readonly keys: DataKeyStore) {}
  onApplicationShutdown(): void {
    this.keys.close();
  }
}

/** Provides DATA_KEYS and PERSONAL_DATA to the whole application, and closes the key store on shutdown. */
@Global()
@Module({})
export class PersonalDataModule {
  static forDataDir(dataDir: string): DynamicModule {
    return {
      module: PersonalDataModule,
      providers: [
        { provide: DATA_KEYS, useFactory: () => openDataKeys(dataDir) },
        {
          provide: PERSONAL_DATA,
          inject: [DATA_KEYS],
          useFactory: (keys: DataKeyStore) => new PersonalDataCipher(keys),
        },
        DataKeysCloser,
      ],
      exports: [DATA_KEYS, PERSONAL_DATA],
    };
  }
}
