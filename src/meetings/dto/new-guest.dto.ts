import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { CreatePersonDto } from '../../people/dto/create-person.dto';

/**
 * A guest named by the convener rather than chosen from the registry: found by address when copil
 * knows them (their registry entry is kept as it is), added to the registry otherwise.
 */
export class NewGuestDto extends PickType(CreatePersonDto, ['fullName', 'email', 'title', 'organization'] as const) {}

/** The optional list of guests named by address, on scheduling and on a change of a meeting. */
export function NewGuests(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: () => [NewGuestDto], description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(100),
    ValidateNested({ each: true }),
    Type(() => NewGuestDto),
  );
}
