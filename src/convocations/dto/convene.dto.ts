import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidationArguments, registerDecorator } from 'class-validator';
import { MEETING_TIME_SHAPE } from '../../meetings/meeting-time';
import { isInstant } from '../../meetings/dto/meeting-validators';

/** A wall-clock time of the convention's zone (`2025-03-14T08:00`), or an exact instant with its offset. */
function IsSendTime(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSendTime',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => isInstant(value) || (typeof value === 'string' && MEETING_TIME_SHAPE.test(value)),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'sendAt'} must be a local date and time written YYYY-MM-DDTHH:mm (in the convention's time zone), or an instant with Z or an offset`,
      },
    });
}

export class ConveneDto {
  @ApiPropertyOptional({
    example: '2025-03-14T08:00',
    description:
      "When the convocations leave: a wall-clock time of the convention's zone, or an instant with its offset. " +
      'Now when absent; a later time must still leave the committee’s notice before the meeting.',
  })
  @IsOptional()
  @IsSendTime()
  sendAt?: string;
}
